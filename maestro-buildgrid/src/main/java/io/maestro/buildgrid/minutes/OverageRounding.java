package io.maestro.buildgrid.minutes;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * How a billing period's overage total is rounded. The reference documents rounding up to the
 * nearest dollar per billing period; rounding up to the cent is offered for plans that bill finer.
 */
public enum OverageRounding {
    UP_TO_DOLLAR(0),
    UP_TO_CENT(2);

    private final int scale;

    OverageRounding(int scale) {
        this.scale = scale;
    }

    /** The amount rounded up to this unit: at most one unit more than the exact amount, never less. */
    public BigDecimal apply(BigDecimal amount) {
        return amount.setScale(scale, RoundingMode.CEILING);
    }
}
