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
}());
