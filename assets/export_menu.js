/* Job Atlas: the Export menu greys out what the view's subject cannot export (issue 15;
 * callbacks/export.py). The table of which entry applies to which subject comes from the
 * server with the page (dashboard/exports/subjects.py APPLIES_TO), so the menu, the server's
 * refusal and the CLI agree; this runs in the browser on every view change, no request. */
(function () {
  'use strict';
  var dc = window.dash_clientside = window.dash_clientside || {};
  dc.jobAtlasExportMenu = {
    entries: function (view, table) {
      var ctx = dc.callback_context || {};
      var items = (ctx.outputs_list && ctx.outputs_list[0]) || [];
      if (!table || !table.applies) {
        return [dc.no_update, dc.no_update];
      }
      var kind = (view && typeof view.subject === 'string') ? view.subject : 'occupation';
      if (!table.notes || !table.notes[kind]) {
        kind = 'occupation';
      }
      var images = table.image_formats || [];
      var disabled = items.map(function (item) {
        var id = item.id || {};
        var kinds = table.applies[id.chart];
        var image = images.indexOf(id.format) >= 0;
        return Boolean((table.no_images && image) || (kinds && kinds.indexOf(kind) < 0));
      });
      return [disabled, table.notes[kind]];
    }
  };
}());
