// Live deployment log: follows the page's server-sent events and appends what they say.
// Everything from the server is inserted as text (textContent), never as HTML.
(function () {
  'use strict';
  var root = document.getElementById('deployment');
  if (!root || root.dataset.finished === 'true' || !window.EventSource) {
    return;
  }
  var log = document.getElementById('log');
  var steps = document.getElementById('steps');
  var progress = document.querySelector('#progress tbody');
  var status = document.getElementById('status');
  var live = document.getElementById('live');
  var source = new EventSource(root.dataset.events);

  function data(event) {
    try {
      return JSON.parse(event.data);
    } catch (e) {
      return null;
    }
  }

  function cell(row, text) {
    var td = document.createElement('td');
    td.textContent = text === undefined || text === null ? '' : String(text);
    row.appendChild(td);
  }

  function setStatus(element, value) {
    element.textContent = value;
    element.className = 'status status-' + value;
  }

  source.addEventListener('open', function () {
    // The stream starts with everything so far: replace what the page was rendered with.
    log.textContent = '';
    steps.textContent = '';
    live.textContent = 'live';
  });

  source.addEventListener('log', function (event) {
    var d = data(event);
    if (!d) { return; }
    var span = document.createElement('span');
    span.className = 'line';
    span.textContent = (d.time || '') + ' ' + d.line;
    log.appendChild(span);
    log.appendChild(document.createTextNode('\n'));
    log.scrollTop = log.scrollHeight;
  });

  source.addEventListener('step', function (event) {
    var d = data(event);
    if (!d) { return; }
    var item = steps.querySelector('li[data-seq="' + Number(d.seq) + '"]');
    if (!item) {
      item = document.createElement('li');
      item.dataset.seq = String(Number(d.seq));
      steps.appendChild(item);
    }
    item.textContent = '';
    var badge = document.createElement('span');
    setStatus(badge, String(d.status).toLowerCase());
    item.appendChild(badge);
    item.appendChild(document.createTextNode(' ' + d.name));
    if (d.detail) {
      var detail = document.createElement('span');
      detail.className = 'detail';
      detail.textContent = ' ' + d.detail;
      item.appendChild(detail);
    }
    if (status.textContent === 'queued') {
      setStatus(status, 'running');
    }
  });

  source.addEventListener('progress', function (event) {
    var d = data(event);
    if (!d) { return; }
    var rows = progress.querySelectorAll('tr');
    var row = null;
    for (var i = 0; i < rows.length; i++) {
      if (rows[i].dataset.service === String(d.service)) { row = rows[i]; }
    }
    if (!row) {
      row = document.createElement('tr');
      row.dataset.service = String(d.service);
      progress.appendChild(row);
    }
    row.textContent = '';
    cell(row, d.service);
    cell(row, d.desired);
    cell(row, d.updated);
    cell(row, d.ready);
    cell(row, d.available);
  });

  source.addEventListener('done', function (event) {
    var d = data(event) || {};
    source.close();
    live.textContent = 'finished';
    if (d.status) { setStatus(status, String(d.status).toLowerCase()); }
    if (d.detail) { document.getElementById('detail').textContent = d.detail; }
  });

  source.addEventListener('error', function () {
    if (source.readyState === EventSource.CLOSED) {
      live.textContent = 'disconnected: reload the page';
    } else {
      live.textContent = 'reconnecting…';
    }
  });
})();
