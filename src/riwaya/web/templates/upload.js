// The upload page: sends the chosen files to /api/upload, as few requests as the server's limit
// allows (the files of one request are ingested together, as `riwaya ingest` takes them), and
// shows what happens as it happens: bytes sent, then each document read (the answer comes as a
// line of JSON per document), then each file's counts. Without this script the form posts to
// /upload and the answer is the same table, made by the server.
(() => {
  const words = JSON.parse(document.getElementById('upload-words').textContent);
  const say = (key, values) => words[key].replace(/\{(\w+)\}/g,
    (all, name) => (values && name in values ? String(values[name]) : all));
  const $ = id => document.getElementById(id);
  const form = $('upload-form'), input = $('files'), drop = $('drop'), button = $('upload-button');
  const progress = $('progress'), status = $('status'), sentBar = $('sent-bar'), readBar = $('read-bar');
  const table = $('results'), rows = table.tBodies[0], totalsBox = $('totals');
  const LIMIT = Number(form.dataset.limit);
  // A request is at most LIMIT bytes, its multipart framing included: room for each file's part
  // headers (~150 bytes and its name, up to 3 bytes a character) and for the request's end.
  const PART = 512, ROOM = 1024, MAX_FILES = 500;
  let entries = [];

  const size = n => (n < 1048576 ? say('kb', {n: (n / 1024).toFixed(1)})
                                  : say('mb', {n: (n / 1048576).toFixed(1)}));
  const framed = file => file.size + PART + 3 * file.name.length;

  function cell(row, className, text) {
    const td = row.insertCell();
    if (className) td.className = className;
    if (text !== undefined) td.textContent = text;
    return td;
  }

  function bdi(text, className) {
    const el = document.createElement('bdi');
    el.textContent = text;
    if (className) el.className = className;
    return el;
  }

  // a file's name reads as a path does, left to right: «السوق.txt», never «txt.السوق»
  function fileName(text) {
    const el = bdi(text);
    el.dir = 'ltr';
    return el;
  }

  function entryFor(file) {
    const row = rows.insertRow();
    cell(row).append(fileName(file.name));
    cell(row).append(bdi(size(file.size), 'num'));
    const entry = {file, row, state: cell(row, 'state'), added: cell(row, 'count added', '0'),
                   already: cell(row, 'count already', '0'), unreadableCell: cell(row, 'unreadable'),
                   warningsCell: cell(row, 'warnings'), counts: {added: 0, already: 0},
                   unreadable: [], warnings: [], final: false};
    setState(entry, 'waiting');
    show(entry);
    return entry;
  }

  function setState(entry, key, text) {
    entry.row.className = key;
    entry.state.textContent = text || say(key);
  }

  function listInto(td, items, line) {
    const count = document.createElement('span');
    count.className = 'count';
    count.textContent = items.length;
    td.replaceChildren(count);
    if (!items.length) return;
    const list = document.createElement('ul');
    items.forEach(item => { const li = document.createElement('li'); li.append(...line(item)); list.append(li); });
    td.append(list);
  }

  function show(entry) {
    entry.added.textContent = entry.counts.added;
    entry.already.textContent = entry.counts.already;
    listInto(entry.unreadableCell, entry.unreadable, u => [fileName(u.name), ': ', bdi(u.reason)]);
    listInto(entry.warningsCell, entry.warnings, warning => [bdi(warning)]);
  }

  function choose(files) {
    rows.replaceChildren();
    entries = Array.from(files).map(entryFor);
    table.hidden = entries.length === 0;
    totalsBox.hidden = true;
    progress.hidden = true;
  }

  // Files in order, in requests of at most LIMIT bytes each.
  function batches(list) {
    const out = [];
    let current = [], bytes = ROOM;
    for (const entry of list) {
      if (current.length && (bytes + framed(entry.file) > LIMIT || current.length >= MAX_FILES)) {
        out.push(current);
        current = [];
        bytes = ROOM;
      }
      current.push(entry);
      bytes += framed(entry.file);
    }
    if (current.length) out.push(current);
    return out;
  }

  function errorOf(xhr) {
    try {
      const answer = JSON.parse(xhr.responseText);
      const said = answer.error || answer.detail;
      if (said) return typeof said === 'string' ? said : JSON.stringify(said);
    } catch (ignored) { /* not JSON: the status says it */ }
    return xhr.status ? xhr.status + ' ' + xhr.statusText : say('connection');
  }

  // One request: its files sent, ingested, counted. ``run`` holds the whole upload's progress.
  function send(batch, run) {
    return new Promise(resolve => {
      const data = new FormData();
      batch.forEach(entry => data.append('files', entry.file, entry.file.name));
      const bytes = batch.reduce((sum, entry) => sum + entry.file.size, 0);
      const startSent = run.sent, startFiles = run.files;
      const xhr = new XMLHttpRequest();
      let seen = 0, finished = false;

      const reading = i => {
        batch.slice(0, i).forEach(entry => { if (!entry.final) setState(entry, 'done'); });
        if (!batch[i].final) setState(batch[i], 'reading');
        run.files = startFiles + i;
        readBar.value = run.files / run.total;
        status.textContent = say('status_reading', {n: run.files + 1, total: run.total, docs: run.docs});
      };
      const handle = event => {
        if (event.event === 'waiting') {
          status.textContent = say('queued');
        } else if (event.event === 'reading') {
          reading(0);
        } else if (['added', 'already', 'unreadable'].includes(event.event) && batch[event.file]) {
          const entry = batch[event.file];
          run.docs += 1;
          if (event.event === 'unreadable') entry.unreadable.push({name: event.name, reason: event.reason});
          else entry.counts[event.event] += 1;
          if (event.warnings) entry.warnings.push(...event.warnings);
          show(entry);
          reading(event.file);
        } else if (event.event === 'done') {
          finished = true;
          event.files.forEach((counted, i) => settle(batch[i], counted));
          run.added += event.added;
          run.already += event.already_stored;
          run.unreadable += event.unreadable.length;
          run.notArabic += event.not_arabic.length;
          run.inDatabase = event.totals.documents;
          run.files = startFiles + batch.length;
          readBar.value = run.files / run.total;
        } else if (event.event === 'error') {
          finished = true;
          fail(batch, event.error);
        }
      };
      // The answer grows a line at a time: read the lines that are whole.
      const take = () => {
        const text = xhr.responseText;
        let end;
        while ((end = text.indexOf('\n', seen)) >= 0) {
          const line = text.slice(seen, end);
          seen = end + 1;
          if (line.trim()) handle(JSON.parse(line));
        }
      };

      xhr.open('POST', '/api/upload');
      xhr.setRequestHeader('Accept', 'application/x-ndjson');
      xhr.upload.onprogress = e => {
        if (!e.lengthComputable) return;
        run.sent = startSent + bytes * Math.min(1, e.loaded / e.total);
        sentBar.value = run.sent / Math.max(1, run.bytes);
        let end = startSent, i = 0;
        while (i < batch.length - 1 && (end += batch[i].file.size) < run.sent) i += 1;
        batch.slice(0, i + 1).forEach(entry => { if (!entry.final) setState(entry, 'sending'); });
        status.textContent = say('status_sending', {n: startFiles + i + 1, total: run.total,
                                                    sent: size(run.sent), size: size(run.bytes)});
      };
      // All sent: the files wait their turn to be read (the server reads them in order).
      xhr.upload.onload = () => batch.forEach(entry => { if (!entry.final) setState(entry, 'sent'); });
      xhr.onprogress = () => { if (xhr.status === 200) take(); };
      xhr.onload = () => {
        if (xhr.status === 200) {
          take();
          if (!finished) fail(batch, say('connection'));
        } else {
          fail(batch, errorOf(xhr));
        }
        run.sent = startSent + bytes;
        run.files = startFiles + batch.length;
        resolve();
      };
      xhr.onerror = () => {
        fail(batch, say('connection'));
        run.files = startFiles + batch.length;
        resolve();
      };
      batch.forEach(entry => setState(entry, 'sending'));
      xhr.send(data);
    });
  }

  // A file's counts as the server made them, once its request is done.
  function settle(entry, counted) {
    entry.counts = {added: counted.added, already: counted.already_stored};
    entry.unreadable = counted.unreadable;
    entry.warnings = counted.warnings;
    entry.final = true;
    show(entry);
    const any = counted.added || counted.already_stored || counted.unreadable.length;
    setState(entry, 'done', any ? say('done') : say('nothing'));
  }

  function fail(batch, reason) {
    batch.filter(entry => !entry.final).forEach(entry => {
      entry.final = true;
      setState(entry, 'failed', say('failed', {reason}));
    });
  }

  async function upload() {
    choose(input.files);
    progress.hidden = false;
    if (!entries.length) {
      status.textContent = say('none_chosen');
      return;
    }
    const fits = entries.filter(entry => framed(entry.file) + ROOM <= LIMIT);
    entries.filter(entry => !fits.includes(entry)).forEach(entry => {
      entry.final = true;
      setState(entry, 'refused', say('refused'));
    });
    const run = {total: entries.length, files: 0, docs: 0, sent: 0, added: 0, already: 0, unreadable: 0,
                 notArabic: 0, inDatabase: null, bytes: fits.reduce((sum, e) => sum + e.file.size, 0)};
    sentBar.value = readBar.value = 0;
    button.disabled = input.disabled = true;
    try {
      for (const batch of batches(fits)) await send(batch, run);
    } finally {
      button.disabled = input.disabled = false;
    }
    sentBar.value = readBar.value = 1;
    status.textContent = say('status_done', {total: run.total});
    $('summary').textContent = say('summary', {added: run.added, already: run.already,
                                               unreadable: run.unreadable, not_arabic: run.notArabic});
    $('in-database').textContent = run.inDatabase === null ? '' : say('in_database', {n: run.inDatabase});
    totalsBox.hidden = false;
  }

  input.addEventListener('change', () => choose(input.files));
  form.addEventListener('submit', event => { event.preventDefault(); upload(); });
  ['dragenter', 'dragover'].forEach(type => drop.addEventListener(type, event => {
    event.preventDefault();
    drop.classList.add('over');
  }));
  ['dragleave', 'drop'].forEach(type => drop.addEventListener(type, () => drop.classList.remove('over')));
  drop.addEventListener('drop', event => {
    event.preventDefault();
    if (!event.dataTransfer.files.length) return;
    input.files = event.dataTransfer.files;
    choose(input.files);
  });
})();
