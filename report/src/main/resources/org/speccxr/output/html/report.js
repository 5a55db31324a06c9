// spec-cxr report: sorting and filtering of the entity table, legend toggles, and the lazily rendered pair browser.
// Safety: data from the reports only ever reaches the page through textContent and attribute setters that take
// plain strings (never innerHTML), so report text cannot become markup or script.
(function () {
  'use strict';

  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function each(list, f) { Array.prototype.forEach.call(list, f); }

  // ---- state kept in the URL hash (#et.group=pleura&pb.verdict=FP), so views can be linked and reloaded ----
  var state = {};
  (function readHash() {
    var h = location.hash.replace(/^#/, '');
    if (h.indexOf('=') < 0) { return; }
    h.split('&').forEach(function (kv) {
      var i = kv.indexOf('=');
      if (i > 0) {
        try { state[decodeURIComponent(kv.slice(0, i))] = decodeURIComponent(kv.slice(i + 1)); } catch (e) { /* ignore */ }
      }
    });
  })();
  function writeHash() {
    var parts = [];
    Object.keys(state).sort().forEach(function (k) {
      if (state[k] !== '' && state[k] !== undefined && state[k] !== null) {
        parts.push(encodeURIComponent(k) + '=' + encodeURIComponent(state[k]));
      }
    });
    try { history.replaceState(null, '', parts.length ? '#' + parts.join('&') : location.pathname + location.search); } catch (e) { /* file: in some browsers */ }
  }
  function bindControl(id, key, onChange) {
    var c = $(id);
    if (!c) { return null; }
    if (state[key] !== undefined) {
      if (c.type === 'checkbox') { c.checked = state[key] === '1'; } else { c.value = state[key]; }
      if (c.tagName === 'SELECT' && c.value !== state[key]) { c.value = ''; }
    }
    var ev = (c.type === 'search') ? 'input' : 'change';
    c.addEventListener(ev, function () {
      state[key] = c.type === 'checkbox' ? (c.checked ? '1' : '') : c.value;
      writeHash();
      onChange();
    });
    return c;
  }

  // ---- chart legends: click to hide or show a model in every chart ----
  var off = {};
  each(document.querySelectorAll('#charts .legend-hit'), function (hit) {
    hit.addEventListener('click', function () {
      var s = hit.getAttribute('data-series');
      off[s] = !off[s];
      each(document.querySelectorAll('#charts [data-series="' + s + '"]'), function (e) {
        if (!e.classList.contains('legend-hit')) { e.classList.toggle('off', off[s]); }
      });
    });
  });

  // ---- entity table ----
  (function entityTable() {
    var table = $('entity-table');
    if (!table) { return; }
    var tbody = table.tBodies[0];
    var rows = Array.prototype.slice.call(tbody.rows);
    var heads = table.tHead.rows[0].cells;
    var sortKey = null, sortDir = 1;

    function colOf(key) {
      for (var i = 0; i < heads.length; i++) { if (heads[i].getAttribute('data-key') === key) { return i; } }
      return -1;
    }
    function value(row, idx) {
      var c = row.cells[idx];
      var v = c.getAttribute('data-v');
      if (v === null) { return c.textContent.toLowerCase(); }
      return v === '' ? null : parseFloat(v);
    }
    function sort(key, dir) {
      var idx = colOf(key);
      if (idx < 0) { return; }
      sortKey = key;
      sortDir = dir;
      var keyed = rows.map(function (r, i) { return { r: r, v: value(r, idx), i: i }; });
      keyed.sort(function (a, b) {
        if (a.v === null || b.v === null) {
          if (a.v === b.v) { return a.i - b.i; }
          return a.v === null ? 1 : -1; // undefined values last, whichever the direction
        }
        if (a.v < b.v) { return -dir; }
        if (a.v > b.v) { return dir; }
        return a.i - b.i;
      });
      var frag = document.createDocumentFragment();
      keyed.forEach(function (k) { frag.appendChild(k.r); });
      tbody.appendChild(frag);
      each(heads, function (h) {
        h.setAttribute('aria-sort', h.getAttribute('data-key') === key ? (dir > 0 ? 'ascending' : 'descending') : 'none');
      });
    }
    each(heads, function (h) {
      function activate() {
        var key = h.getAttribute('data-key');
        var dir = key === sortKey ? -sortDir : (h.getAttribute('data-type') === 'num' && h.classList.contains('n') ? -1 : 1);
        sort(key, dir);
        state['et.sort'] = key;
        state['et.dir'] = dir > 0 ? 'asc' : 'desc';
        writeHash();
      }
      h.addEventListener('click', activate);
      h.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); activate(); } });
    });

    var fModel, fGroup, fKind, fSearch, fUnseen;
    function filter() {
      var m = fModel ? fModel.value : '', g = fGroup ? fGroup.value : '', k = fKind ? fKind.value : '';
      var q = fSearch ? fSearch.value.trim().toLowerCase() : '';
      var unseen = fUnseen ? fUnseen.checked : false;
      var shown = 0;
      rows.forEach(function (r) {
        var ok = (!m || r.getAttribute('data-model') === m) && (!g || r.getAttribute('data-group') === g)
          && (!k || r.getAttribute('data-kind') === k) && (unseen || r.getAttribute('data-seen') === '1')
          && (!q || r.getAttribute('data-name').indexOf(q) >= 0);
        r.hidden = !ok;
        if (ok) { shown++; }
      });
      var cnt = $('et-count');
      if (cnt) { cnt.textContent = shown + ' of ' + rows.length + ' rows'; }
    }
    fModel = bindControl('et-model', 'et.model', filter);
    fGroup = bindControl('et-group', 'et.group', filter);
    fKind = bindControl('et-kind', 'et.kind', filter);
    fSearch = bindControl('et-search', 'et.q', filter);
    fUnseen = bindControl('et-unseen', 'et.unseen', filter);
    filter();
    if (state['et.sort']) { sort(state['et.sort'], state['et.dir'] === 'asc' ? 1 : -1); }
  })();

  // ---- pair browser ----
  (function pairBrowser() {
    var node = $('pair-data'), list = $('pairs-list');
    if (!node || !list) { return; }
    var data;
    try { data = JSON.parse(node.textContent); } catch (e) { list.textContent = 'The pair data could not be read.'; return; }
    var S = data.strings, E = data.entities, M = data.models, P = data.pairs;
    var PRES = ['TP', 'FP', 'FN', 'TN'], ALIGN = ['aligned', 'not aligned', 'n/a'];
    var CMP = ['\u2013', 'adding unmentioned', 'missing mentioned'];
    var PAGE = 20;
    var colours = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#8C564B'];
    var runsSeen = {};
    P.forEach(function (p) { runsSeen[p[2]] = true; });
    var multiRun = Object.keys(runsSeen).length > 1;

    var selModel = $('pb-model'), selEntity = $('pb-entity'), selRun = $('pb-run');
    if (multiRun && selRun) {
      Object.keys(runsSeen).map(Number).sort(function (a, b) { return a - b; }).forEach(function (r) {
        var o = el('option', null, 'run ' + r);
        o.value = String(r);
        selRun.appendChild(o);
      });
      $('pb-run-label').hidden = false;
    }
    M.forEach(function (m, i) { var o = el('option', null, m); o.value = String(i); selModel.appendChild(o); });
    var used = {};
    P.forEach(function (p) { p[7].forEach(function (v) { used[v[0]] = true; }); });
    Object.keys(used).map(Number).sort(function (a, b) { return a - b; }).forEach(function (i) {
      var o = el('option', null, E[i][1] + (E[i][2] ? ' (' + E[i][2] + ')' : ''));
      o.value = String(i);
      selEntity.appendChild(o);
    });

    function isError(v) { return v[1] === 1 || v[1] === 2 || v[2] === 1 || v[3] === 1 || v[4] !== 0; }
    function verdictMatches(v, verdict) {
      switch (verdict) {
        case '': return true;
        case 'err': return isError(v);
        case 'loc': return v[2] === 1;
        case 'sev': return v[3] === 1;
        case 'cmp': return v[4] !== 0;
        default: return PRES[v[1]] === verdict;
      }
    }
    function natural(a, b) {
      var ax = a.match(/\d+|\D+/g) || [], bx = b.match(/\d+|\D+/g) || [];
      for (var i = 0; i < Math.min(ax.length, bx.length); i++) {
        var x = ax[i], y = bx[i];
        if (x === y) { continue; }
        var nx = /^\d/.test(x), ny = /^\d/.test(y);
        if (nx && ny) { var d = parseInt(x, 10) - parseInt(y, 10); if (d) { return d; } }
        return x < y ? -1 : 1;
      }
      return ax.length - bx.length;
    }

    var view = [], shown = 0, fEntity = '', fVerdict = '';
    var cM, cE, cV, cQ, cO, cR;
    function apply() {
      var m = cM.value, q = cQ.value.trim().toLowerCase(), run = cR ? cR.value : '';
      fEntity = cE.value;
      fVerdict = cV.value;
      var ent = fEntity === '' ? -1 : parseInt(fEntity, 10);
      view = [];
      for (var i = 0; i < P.length; i++) {
        var p = P[i];
        if (m !== '' && String(p[1]) !== m) { continue; }
        if (run !== '' && String(p[2]) !== run) { continue; }
        if (q && String(p[0]).toLowerCase().indexOf(q) < 0) { continue; }
        if (ent >= 0 || fVerdict !== '') {
          var vs = p[7], hit = false;
          for (var j = 0; j < vs.length && !hit; j++) {
            hit = (ent < 0 || vs[j][0] === ent) && verdictMatches(vs[j], fVerdict);
          }
          if (!hit) { continue; }
        }
        view.push(i);
      }
      if (cO.value === 'id') {
        view.sort(function (a, b) { return natural(String(P[a][0]), String(P[b][0])) || P[a][1] - P[b][1] || P[a][2] - P[b][2]; });
      }
      while (list.firstChild) { list.removeChild(list.firstChild); }
      shown = 0;
      if (!view.length) { list.appendChild(el('p', 'empty-list', 'No pair matches these filters.')); }
      more();
    }
    function more() {
      var frag = document.createDocumentFragment();
      var end = Math.min(view.length, shown + PAGE);
      for (; shown < end; shown++) { frag.appendChild(card(P[view[shown]])); }
      list.appendChild(frag);
      $('pb-count').textContent = 'showing ' + shown + ' of ' + view.length + ' matching (' + P.length + ' in all)';
      var btn = $('pb-more');
      btn.hidden = shown >= view.length;
      btn.textContent = 'Show ' + Math.min(PAGE, view.length - shown) + ' more of ' + (view.length - shown) + ' remaining';
    }

    function presClass(v) { return 'p' + v[1] + (v[1] === 0 && isError(v) ? ' ae' : ''); }
    function rank(v) { return isError(v) ? 0 : (v[1] === 0 ? 1 : 2); }

    // Text with the evidence of each verdict marked; overlapping evidence is cut into segments.
    function highlighted(text, p, side) {
      var spans = [];
      p[7].forEach(function (v, vi) {
        var r = v[side === 0 ? 7 : 8];
        for (var k = 0; k + 1 < r.length; k += 2) {
          if (r[k] >= 0 && r[k + 1] <= text.length && r[k] < r[k + 1]) { spans.push({ s: r[k], e: r[k + 1], vi: vi, v: v }); }
        }
      });
      var box = el('div', 'report');
      if (!text) { box.classList.add('empty'); box.textContent = '(empty report)'; return box; }
      if (!spans.length) { box.textContent = text; return box; }
      var cuts = [0, text.length];
      spans.forEach(function (s) { cuts.push(s.s, s.e); });
      cuts.sort(function (a, b) { return a - b; });
      for (var i = 0; i + 1 < cuts.length; i++) {
        var a = cuts[i], b = cuts[i + 1];
        if (a === b) { continue; }
        var cover = spans.filter(function (s) { return s.s <= a && s.e >= b; });
        var piece = text.slice(a, b);
        if (!cover.length) { box.appendChild(document.createTextNode(piece)); continue; }
        cover.sort(function (x, y) { return rank(x.v) - rank(y.v); });
        var mk = el('mark', presClass(cover[0].v), piece);
        mk.setAttribute('data-vi', cover.map(function (c) { return c.vi; }).join(' '));
        mk.title = cover.map(function (c) { return E[c.v[0]][1] + ': ' + PRES[c.v[1]]; }).join('; ');
        box.appendChild(mk);
      }
      return box;
    }

    function attrCell(code, labels) {
      var td = el('td', code === 1 ? 'bad-attr' : (code === 2 ? 'na-attr' : null), labels[code]);
      return td;
    }
    function cmpCell(code) { return el('td', code !== 0 ? 'bad-attr' : 'na-attr', CMP[code]); }

    function evidenceCell(v) {
      var td = el('td', 'ev');
      function add(label, si, status) {
        if (si < 0 && status < 0) { return; }
        var d = el('div');
        d.appendChild(el('span', 'lbl', label + (status >= 0 ? ' (' + S[status] + ')' : '') + ': '));
        if (si >= 0) { d.appendChild(el('q', null, S[si])); }
        td.appendChild(d);
      }
      add('ref', v[5], v[9]);
      add('cand', v[6], v[10]);
      if (v[11] >= 0) { td.appendChild(el('div', 'lbl', S[v[11]])); }
      return td;
    }

    function card(p) {
      var art = el('article', 'pair');
      var head = el('header');
      head.appendChild(el('h3', null, p[0]));
      var mod = el('span', 'model');
      var sw = el('span', 'swatch');
      sw.style.background = colours[p[1] % colours.length];
      mod.appendChild(sw);
      mod.appendChild(document.createTextNode(M[p[1]] + (multiRun ? ' \u00b7 run ' + p[2] : '')));
      head.appendChild(mod);
      var errs = el('span', 'errs');
      errs.appendChild(el('b', p[3] > 0 ? 'bad' : null, p[3] + (p[3] === 1 ? ' error' : ' errors')));
      var b = p[4], names = ['FP', 'FN', 'location', 'severity', 'comparison'], parts = [];
      for (var i = 0; i < b.length; i++) { if (b[i]) { parts.push(names[i] + ' ' + b[i]); } }
      if (parts.length) { errs.appendChild(document.createTextNode(': ' + parts.join(' \u00b7 '))); }
      head.appendChild(errs);
      art.appendChild(head);

      var ref = p[5] >= 0 ? S[p[5]] : null, cand = p[6] >= 0 ? S[p[6]] : null;
      if (ref !== null || cand !== null) {
        var texts = el('div', 'texts');
        [['Reference', ref, 0], ['Candidate', cand, 1]].forEach(function (t) {
          var side = el('div', 'side');
          side.appendChild(el('h4', null, t[0]));
          side.appendChild(highlighted(t[1] || '', p, t[2]));
          texts.appendChild(side);
        });
        art.appendChild(texts);
      }

      var order = p[7].map(function (v, vi) { return vi; });
      order.sort(function (x, y) { return rank(p[7][x]) - rank(p[7][y]) || x - y; });
      var tbl = el('table', 'verdicts');
      var hr = el('tr');
      ['Entity', 'Presence', 'Location', 'Severity', 'Comparison', 'Evidence'].forEach(function (h) { hr.appendChild(el('th', null, h)); });
      var thead = el('thead');
      thead.appendChild(hr);
      tbl.appendChild(thead);
      var tb = el('tbody');
      var ent = fEntity === '' ? -1 : parseInt(fEntity, 10);
      var tnRows = [];
      var collapseTn = p[7].filter(function (v) { return v[1] === 3; }).length > 3;
      order.forEach(function (vi) {
        var v = p[7][vi];
        var tr = el('tr');
        tr.tabIndex = 0;
        var hit = (ent >= 0 || fVerdict !== '') && (ent < 0 || v[0] === ent) && verdictMatches(v, fVerdict);
        if (hit) { tr.className = 'hit'; }
        if (collapseTn && v[1] === 3 && !hit) { tr.hidden = true; tnRows.push(tr); }
        var en = el('td');
        en.appendChild(document.createTextNode(E[v[0]][1] + ' '));
        en.appendChild(el('span', 'ent-group', E[v[0]][2]));
        tr.appendChild(en);
        var pc = el('td');
        pc.appendChild(el('span', 'chip ' + presClass(v), PRES[v[1]]));
        tr.appendChild(pc);
        tr.appendChild(attrCell(v[2], ALIGN));
        tr.appendChild(attrCell(v[3], ALIGN));
        tr.appendChild(cmpCell(v[4]));
        tr.appendChild(evidenceCell(v));
        function focus(on) {
          each(art.querySelectorAll('mark'), function (mk) {
            var ids = mk.getAttribute('data-vi').split(' ');
            mk.classList.toggle('focus', on && ids.indexOf(String(vi)) >= 0);
          });
        }
        tr.addEventListener('mouseenter', function () { focus(true); });
        tr.addEventListener('mouseleave', function () { focus(false); });
        tr.addEventListener('focus', function () { focus(true); });
        tr.addEventListener('blur', function () { focus(false); });
        tb.appendChild(tr);
      });
      if (tnRows.length) {
        var more = el('tr', 'tn-toggle');
        var mtd = el('td');
        mtd.colSpan = 6;
        var showTn = el('button', 'link', 'show ' + tnRows.length + ' TN verdicts (negative in both reports)');
        showTn.type = 'button';
        showTn.addEventListener('click', function () {
          tnRows.forEach(function (r) { r.hidden = false; });
          more.hidden = true;
        });
        mtd.appendChild(showTn);
        more.appendChild(mtd);
        tb.appendChild(more);
      }
      if (!order.length) {
        var tr0 = el('tr');
        var td0 = el('td', 'na-attr', 'No entity listed for this pair.');
        td0.colSpan = 6;
        tr0.appendChild(td0);
        tb.appendChild(tr0);
      }
      tbl.appendChild(tb);
      art.appendChild(tbl);
      return art;
    }

    cM = bindControl('pb-model', 'pb.model', apply);
    cE = bindControl('pb-entity', 'pb.entity', apply);
    cV = bindControl('pb-verdict', 'pb.verdict', apply);
    cQ = bindControl('pb-search', 'pb.q', apply);
    cO = bindControl('pb-order', 'pb.order', apply);
    cR = bindControl('pb-run', 'pb.run', apply);
    var btn = $('pb-more');
    btn.addEventListener('click', more);
    if ('IntersectionObserver' in window) {
      new IntersectionObserver(function (entries) {
        if (entries.some(function (e) { return e.isIntersecting; }) && !btn.hidden) { more(); }
      }, { rootMargin: '200px' }).observe(btn);
    }
    apply();
  })();

  document.documentElement.setAttribute('data-ready', '1');
})();
