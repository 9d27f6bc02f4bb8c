package io.maestro.model.source;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A diagnostic prints as exactly one line, whatever the user put in the values it quotes. */
class DiagnosticFormatTest {

    private static final SourcePosition AT = new SourcePosition("service.yml", 3, 5);

    @Test
    void printsFileLineColumnSeverityKeyPathMessageAndHint() {
        Diagnostic diagnostic = Diagnostic.error(AT, "services.web.imgae", "unknown key").withHint("did you mean 'image'?");
        assertThat(diagnostic.format())
                .isEqualTo("service.yml:3:5: error: services.web.imgae: unknown key (did you mean 'image'?)");
    }

    @Test
    void escapesLineBreaksOfEveryKind() {
        Diagnostic diagnostic = Diagnostic.warning(AT, "a\nb", "got 'x\r\ny\u0085z\u2028w\u2029v'");
        assertThat(diagnostic.format()).isEqualTo(
                "service.yml:3:5: warning: a\\nb: got 'x\\r\\ny\\u0085z\\u2028w\\u2029v'");
        assertThat(diagnostic.format().lines()).hasSize(1);
    }

    @Test
    void escapesTerminalControlAndBidiCharacters() {
        Diagnostic diagnostic = Diagnostic.error(AT, "", "got '\u001B[31mred\u0000\u202Eevil\u2066'");
        assertThat(diagnostic.fullMessage()).isEqualTo("got '\\u001B[31mred\\u0000\\u202Eevil\\u2066'");
    }

    @Test
    void leavesOrdinaryUnicodeAlone() {
        assertThat(Diagnostic.error(AT, "", "got 'café 中 😀'").fullMessage()).isEqualTo("got 'café 中 😀'");
    }
}
