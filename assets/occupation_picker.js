/*
 * The picker, filtered in the browser (issues 6, 15): typing sends no request. This script's
 * ranking is the one that counts; callbacks/occupation_picker.py keeps a Python twin only for
 * the options a deep link opens with and for the tests that compare the two, case by case, over
 * the one table of expected cases (tests/picker_cases.py).
 *
 * The search index (callbacks/occupation_picker.py: occupation_index_payload) is fetched once,
 * on the first focus or hover of the picker, from the URL in the ``occupation-index`` store.
 * ``pickerOptions`` ranks occupations as ``OccupationIndex.search`` does: exact matches, then
 * texts starting with the query, then texts containing it, over preferred labels, codes and
 * alternative labels (blocks in that order, each sorted in Python); each occupation once. ISCO
 * groups, skills and "All occupations" come before and after them. An option's value is the
 * occupation's short key from the index (the view callback maps it back to the URI).
 *
 * Every text shown is written once, in layouts/occupation_picker.py: the index carries the
 * option labels and hints (``texts``), the store the loading messages; ``{name}`` fields are
 * filled in here as Python's str.format does.
 *
 * Query normalisation matches dashboard.text.normalize_label: NFKC, then Python's casefold
 * (toLowerCase per character plus the exceptions the index carries: ß -> ss, ς -> σ, ...), then
 * Python's whitespace (not JavaScript's \s). Remaining difference: the browser's Unicode version
 * (ICU) may know characters newer than Python's unicodedata; those fold differently.
 */
(function () {
  'use strict';

  var LOADING_VALUE = 'job-atlas:index-loading';
  var indexes = {};  // url -> {promise, index, error}
  var pageIndex = null;  // this page's store data ({url, id, texts}), set by the first call of the callback

  /** A text of layouts/occupation_picker.py with its ``{name}`` fields filled in. */
  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (field, name) { return String(values[name]); });
  }

  /** layouts.occupation_picker.picker_text: ``{s}`` is "s" unless ``count`` is 1. */
  function text(words, name, values) {
    values = values || {};
    if (values.count !== undefined) { values.s = values.count === 1 ? '' : 's'; }
    return format(words[name], values);
  }

  function escapeClass(chars) {
    return Array.from(chars).map(function (c) {
      return '\\u{' + c.codePointAt(0).toString(16) + '}';
    }).join('');
  }

  /** The raw JSON made ready to search: full URIs, exact-match tiers, texts as written. */
  function prepare(raw) {
    var n = raw.uri.length;
    var uri = raw.uri.map(function (suffix) { return raw.uri_prefix + suffix; });
    // Options carry short keys as values, not URIs: the dropdown indexes every substring of
    // every value whenever its options change (issue 6). Keys come from the server.
    var optionKey = raw.option_key;
    var position = new Map();
    optionKey.forEach(function (k, i) { if (!position.has(k)) { position.set(k, i); } });
    var norms = raw.entry_norm, occ = raw.entry_occupation;
    var texts = new Array(norms.length);
    raw.entry_text.forEach(function (pair) { texts[pair[0]] = pair[1]; });
    var blocks = raw.blocks.concat([0, 0, 0]);
    var tierOneEnd = blocks[0] + blocks[1];  // preferred labels and codes; then alternative labels
    var tierOne = new Map(), tierTwo = new Map(), original = new Map();
    function addKey(tier, key, i) {
      var hits = tier.get(key);
      if (!hits) { tier.set(key, [i]); } else if (hits.indexOf(i) < 0) { hits.push(i); }
    }
    var uriKeys = uri.slice();
    raw.uri_key.forEach(function (pair) { uriKeys[pair[0]] = pair[1]; });
    uriKeys.forEach(function (key, i) { if (key) { addKey(tierOne, key, i); } });
    var e;
    for (e = 0; e < norms.length; e++) {
      addKey(e < tierOneEnd ? tierOne : tierTwo, norms[e], occ[e]);
      var key = norms[e] + '\u0000' + occ[e];
      if (!original.has(key)) { original.set(key, texts[e] !== undefined ? texts[e] : norms[e]); }
    }
    // Python's key_index lists an exact match's occupations in table order.
    function byPosition(a, b) { return a - b; }
    tierOne.forEach(function (hits) { hits.sort(byPosition); });
    tierTwo.forEach(function (hits) { hits.sort(byPosition); });
    // One newline-joined string, searched with indexOf like the Python side's haystack: a
    // keystroke scans it natively instead of calling startsWith/includes ~39,000 times.
    var starts = new Int32Array(norms.length), offset = 1;
    for (e = 0; e < norms.length; e++) { starts[e] = offset; offset += norms[e].length + 1; }
    var space = escapeClass(raw.spaces);
    var subjects = prepareSubjects(raw);
    return {
      subjects: subjects, words: raw.texts,
      n: n, optionKey: optionKey, position: position, label: raw.label, code: raw.code, group: raw.group,
      title: raw.title, browse: raw.browse, norms: norms, occ: occ, texts: texts,
      haystack: '\n' + norms.join('\n') + '\n', starts: starts,
      tierOne: tierOne, tierTwo: tierTwo, original: original, fold: raw.fold,
      maxOptions: raw.max_options, searchPool: raw.search_pool, maxQueryChars: raw.max_query_chars,
      spaceRun: new RegExp('[' + space + ']+', 'u'),
      edges: new RegExp('^[' + space + ']+|[' + space + ']+$', 'gu')
    };
  }

  /** ISCO groups and skills (callbacks/occupation_picker.py: _subject_index_payload), issue 15. */
  function prepareSubjects(raw) {
    var labels = raw.skill_label || [];
    var norms = labels.slice();
    (raw.skill_norm || []).forEach(function (pair) { norms[pair[0]] = pair[1]; });
    var value = new Map();
    var iscoCode = raw.isco_code || [], iscoLabel = raw.isco_label || [];
    iscoCode.forEach(function (code, i) { value.set('isco:' + code, {kind: 'isco', i: i}); });
    var skillUri = (raw.skill_uri || []).map(function (suffix) { return raw.skill_uri_prefix + suffix; });
    skillUri.forEach(function (uri, i) { value.set('skill:' + uri, {kind: 'skill', i: i}); });
    value.set('all:', {kind: 'all', i: 0});
    return {
      iscoCode: iscoCode, iscoLabel: iscoLabel, iscoNorm: raw.isco_norm || [],
      skillUri: skillUri, skillLabel: labels, skillNorm: norms, value: value,
      maxEach: raw.subject_max_each, maxFirst: raw.subject_max_first, minQuery: raw.subject_min_query,
      firstTier: raw.subject_first_tier, words: raw.texts, allNorm: raw.all_norm
    };
  }

  /** callbacks.occupation_picker.subject_option */
  function subjectOption(subjects, kind, i, query) {
    var label, search, value, words = subjects.words;
    if (kind === 'isco') {
      label = text(words, 'isco_option', {code: subjects.iscoCode[i], label: subjects.iscoLabel[i]});
      search = subjects.iscoCode[i] + ' ' + subjects.iscoLabel[i];
      value = 'isco:' + subjects.iscoCode[i];
    } else if (kind === 'skill') {
      label = text(words, 'skill_option', {label: subjects.skillLabel[i]});
      search = subjects.skillLabel[i];
      value = 'skill:' + subjects.skillUri[i];
    } else {
      label = search = text(words, 'all_option');
      value = 'all:';
    }
    return {label: label, value: value, search: [query || '', search].filter(Boolean).join(' ')};
  }

  /** callbacks.occupation_picker._ranked: [tier, position] of matching entries, best first. */
  function ranked(norm, texts, max) {
    var hits = [];
    for (var p = 0; p < texts.length; p++) {
      var tier = 3, candidates = texts[p];
      for (var t = 0; t < candidates.length; t++) {
        var text = candidates[t];
        if (text === norm) { tier = 0; break; }
        if (text.startsWith(norm)) { tier = Math.min(tier, 1); } else if (text.indexOf(norm) >= 0) { tier = Math.min(tier, 2); }
      }
      if (tier < 3) { hits.push([tier, p]); }
    }
    hits.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    return hits.slice(0, max);
  }

  /** callbacks.occupation_picker.subject_matches: [before the occupations, after them]. */
  function subjectMatches(index, query, group) {
    var subjects = index.subjects, norm = normalizeLabel(index, query || '');
    if (!norm) {
      var g = group && subjects.value.get('isco:' + group);
      return [[g ? subjectOption(subjects, 'isco', g.i, '') : subjectOption(subjects, 'all', 0, '')], []];
    }
    if (Array.from(norm).length < subjects.minQuery && !/^[0-9]+$/.test(norm)) { return [[], []]; }
    var before = [], after = [];
    var iscoTexts = subjects.iscoCode.map(function (code, i) {
      return (!group || code.startsWith(group)) ? [code, subjects.iscoNorm[i]] : [];
    });
    var skillTexts = subjects.skillNorm.map(function (n) { return [n]; });
    [['isco', iscoTexts], ['skill', skillTexts]].forEach(function (pair) {
      ranked(norm, pair[1], subjects.maxEach).forEach(function (hit, rank) {
        var option = subjectOption(subjects, pair[0], hit[1], query);
        (hit[0] <= subjects.firstTier[pair[0]] && rank < subjects.maxFirst ? before : after).push(option);
      });
    });
    if (subjects.allNorm.startsWith(norm) && !group) { before.unshift(subjectOption(subjects, 'all', 0, query)); }
    return [before, after];
  }

  /** dashboard.text.normalize_label: NFKC, casefold, whitespace runs -> one space, trimmed. */
  function normalizeLabel(index, text) {
    var folded = '';
    for (var ch of String(text).normalize('NFKC')) {
      var f = index.fold[ch];
      folded += f !== undefined ? f : ch.toLowerCase();
    }
    return folded.split(index.spaceRun).filter(Boolean).join(' ');
  }

  /** The entry whose text holds haystack position ``at`` (bisect_right(starts, at) - 1). */
  function entryAt(starts, at) {
    var lo = 0, hi = starts.length;
    while (lo < hi) {
      var mid = (lo + hi) >>> 1;
      if (starts[mid] <= at) { lo = mid + 1; } else { hi = mid; }
    }
    return lo - 1;
  }

  /** OccupationIndex.search: [{occ, matched}] best first, at most ``limit``. */
  function search(index, text, limit) {
    var norm = normalizeLabel(index, text);
    var found = [], seen = new Uint8Array(index.n);
    function add(i, matched) {
      if (!seen[i]) { seen[i] = 1; found.push({occ: i, matched: matched}); }
      return found.length >= limit;
    }
    function entryText(e) { return index.texts[e] !== undefined ? index.texts[e] : index.norms[e]; }
    var e;
    if (limit <= 0) { return []; }
    if (!norm) {
      for (e = 0; e < index.norms.length; e++) { if (add(index.occ[e], entryText(e))) { break; } }
      return found;
    }
    var hits = index.tierOne.get(norm) || index.tierTwo.get(norm);
    if (hits) {
      for (var h = 0; h < hits.length; h++) {
        var matched = index.original.get(norm + '\u0000' + hits[h]);
        if (add(hits[h], matched !== undefined ? matched : index.label[hits[h]])) { return found; }
      }
    }
    // Texts starting with the query, then texts containing it, each in entry order.
    var passes = ['\n' + norm, norm];
    for (var p = 0; p < 2; p++) {
      var at = index.haystack.indexOf(passes[p]);
      while (at !== -1) {
        e = entryAt(index.starts, at + (p === 0 ? 1 : 0));
        if (add(index.occ[e], entryText(e))) { return found; }
        at = index.haystack.indexOf(passes[p], at + 1);
      }
    }
    return found;
  }

  /** layouts.occupation_picker.occupation_option */
  function option(index, i, matched, query) {
    var label = index.label[i], code = index.code[i];
    var shown = code ? text(index.words, 'occupation_with_code', {label: label, code: code}) : label;
    if (matched && matched !== label && matched !== code) {
      shown = text(index.words, 'also_matched', {shown: shown, matched: matched});
    }
    var search = [query || '', label, code, matched || ''].filter(Boolean).join(' ');
    return {label: shown, value: index.optionKey[i], search: search, title: index.title[i]};
  }

  /** [options, hint] for what was typed, within the ISCO group (``picker_options`` in Python). */
  function pickerOptions(index, query, group, selected) {
    var max = index.maxOptions, options, hint, total, i;
    query = typeof query === 'string'
      ? Array.from(query.replace(index.edges, '')).slice(0, index.maxQueryChars).join('') : '';
    selected = typeof selected === 'string' ? selected : null;
    function inGroup(o) { return index.group[o].startsWith(group); }
    if (query) {
      var hits = search(index, query, group ? index.searchPool : max + 1);
      if (group) { hits = hits.filter(function (h) { return inGroup(h.occ); }); }
      total = hits.length;
      options = hits.slice(0, max).map(function (h) { return option(index, h.occ, h.matched, query); });
      if (total === 0) {
        hint = group ? text(index.words, 'no_match_in_group', {query: query, group: group})
          : text(index.words, 'no_match', {query: query});
      } else if (total > max) {
        hint = text(index.words, 'too_many', {max: max});
      } else {
        hint = text(index.words, 'matches', {count: total});
      }
    } else {
      var rows = group ? index.browse.filter(inGroup) : index.browse;
      options = [];
      for (i = 0; i < rows.length && i < max; i++) { options.push(option(index, rows[i])); }
      total = rows.length;
      hint = group
        ? text(index.words, total > max ? 'in_group_too_many' : 'in_group', {count: total, group: group, max: max})
        : '';
    }
    var around = subjectMatches(index, query, group);
    options = around[0].concat(options, around[1]);
    if (selected && index.position.has(selected) && !options.some(function (o) { return o.value === selected; })) {
      options.unshift(option(index, index.position.get(selected)));
    } else if (selected && index.subjects.value.has(selected) && !options.some(function (o) { return o.value === selected; })) {
      var chosen = index.subjects.value.get(selected);
      options.unshift(subjectOption(index.subjects, chosen.kind, chosen.i, ''));
    }
    return [options, hint];
  }

  /** callbacks.occupation_picker.isco_prefix: the narrowest ISCO group chosen, or null. */
  function iscoPrefix(levels) {
    var chosen = levels.filter(function (v) { return typeof v === 'string' && /^[0-9]{1,4}$/.test(v); });
    return chosen.length ? chosen[chosen.length - 1] : null;
  }

  /** The index at ``url``: fetched once (again after a failure); when it arrives, tells the
   * index store (``store``: its data, with its ``id`` and ``texts``; none in tests). */
  function load(url, store) {
    var entry = indexes[url];
    if (entry && (entry.index || (entry.promise && !entry.error))) { return entry.promise; }
    entry = indexes[url] = {};
    entry.promise = fetch(url, {credentials: 'same-origin'})
      .then(function (response) {
        if (!response.ok) { throw new Error('HTTP ' + response.status); }
        return response.json();
      })
      .then(function (raw) {
        entry.index = prepare(raw);
        entry.error = null;
        return entry.index;
      }, function (error) {
        var texts = (store && store.texts) || {};
        entry.error = texts.load_failed ? text(texts, 'load_failed', {error: error.message}) : error.message;
        return null;
      })
      .then(function (index) {
        if (store && store.id && window.dash_clientside && window.dash_clientside.set_props) {
          window.dash_clientside.set_props(store.id, {data: Object.assign({}, store, {ready: !!index})});
        }
        return index;
      });
    return entry.promise;
  }

  /** While the index loads: the selected occupation stays (the dropdown drops a value missing
   * from its options) and one disabled line says why nothing else is listed yet. */
  function waitingOptions(message, query, selected, current) {
    var kept = (current || []).filter(function (o) { return o && o.value === selected; });
    return kept.concat([{label: message, value: LOADING_VALUE, disabled: true, search: query || ''}]);
  }

  function options(searchValue, major, subMajor, minor, unit, store, selected, current) {
    var dc = window.dash_clientside;
    if (!store || !store.url) { return [dc.no_update, dc.no_update]; }
    pageIndex = store;
    var group = iscoPrefix([major, subMajor, minor, unit]);
    var entry = indexes[store.url];
    if (entry && entry.index) { return pickerOptions(entry.index, searchValue, group, selected); }
    var query = typeof searchValue === 'string' ? searchValue.trim() : '';
    if (!query && !group) { return [dc.no_update, dc.no_update]; }  // the layout's options hold the selection
    var triggered = (dc.callback_context && dc.callback_context.triggered_id) || null;
    if (entry && entry.error && triggered === store.id) {
      return [waitingOptions(entry.error, query, selected, current), dc.no_update];
    }
    load(store.url, store);  // typing retries after a failure
    return [waitingOptions(store.texts.loading, query, selected, current), dc.no_update];
  }

  // The index is fetched when someone is about to use the picker, not during the first load.
  function prefetch(event) {
    var target = event.target;
    if (pageIndex && target && target.closest && target.closest('.job-atlas-picker')) {
      load(pageIndex.url, pageIndex);
    }
  }
  ['focusin', 'pointerover', 'touchstart'].forEach(function (type) {
    document.addEventListener(type, prefetch, {capture: true, passive: true});
  });

  // Type to search (issue 12): Dash 4's dropdown opens with the focus on the selected option,
  // where typed letters went nowhere. A printable key pressed anywhere in the open picker list
  // moves the focus to its search box first, so the letter lands there (as in Dash 3, where
  // the picker was one text field); arrows, Enter, Escape and Tab keep Dash's own handling.
  function typeToSearch(event) {
    var target = event.target;
    if (event.key.length !== 1 || event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (!target || !target.closest || !target.closest('.job-atlas-picker .dash-dropdown-content')) { return; }
    var box = target.closest('.dash-dropdown-content').querySelector('input.dash-dropdown-search');
    if (box && target !== box) { box.focus(); }
  }
  document.addEventListener('keydown', typeToSearch, {capture: true});

  var dc = window.dash_clientside = window.dash_clientside || {};
  dc.jobAtlasPicker = {options: options};
  // For tests and the browser console: the same functions the callback uses.
  window.jobAtlasPicker = {load: load, pickerOptions: pickerOptions, normalizeLabel: normalizeLabel,
                           iscoPrefix: iscoPrefix, indexes: indexes};
}());
