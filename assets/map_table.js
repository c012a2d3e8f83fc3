/* Job Atlas: the map's Table tab (callbacks/map_table.py). The view callback writes the table's
 * rows with every new view; they are passed on to the server's table callback only while the
 * Table tab is open, so an occupation change with the map showing sends no request for a table
 * nobody sees. */
(function () {
  'use strict';
  var dc = window.dash_clientside = window.dash_clientside || {};
  dc.jobAtlasMapTable = {
    shown: function (rows, activeTab) {
      if (activeTab !== 'table' || rows === null || rows === undefined) {
        return dc.no_update;
      }
      return rows;
    }
  };

  // Keyboard focus across a new rendering (issue 12): Dash 4 replaces the table's header
  // buttons when the table is sorted, so the button just pressed (Enter or click) left the
  // page and the focus fell back to <body>. When that happens, the new button with the same
  // id takes the focus back, so Enter again reverses the sort as it did with Dash 3.
  var pressed = null;
  document.addEventListener('click', function (event) {
    var button = event.target && event.target.closest && event.target.closest('.map-table-sort');
    pressed = button ? button.id : null;
  }, true);
  document.addEventListener('focusin', function (event) {
    if (!(event.target && event.target.classList && event.target.classList.contains('map-table-sort'))) {
      pressed = null;  // the user moved on
    }
  }, true);
  new MutationObserver(function () {
    if (!pressed) { return; }
    var active = document.activeElement;
    if (active && active !== document.body) { return; }
    var button = document.getElementById(pressed);
    if (button) { button.focus(); }
  }).observe(document.documentElement, {childList: true, subtree: true});
}());
