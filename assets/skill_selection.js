/* Job Atlas: "Select all" and "Clear" of one breakdown group (callbacks/skill_selection.py).
 * They set the group's tick boxes in the browser; the view callback sees the ticks change as it
 * sees a click on a box, in one request. A button that appears with a newly rendered list (no
 * clicks yet) is no press. */
(function () {
  'use strict';
  var dc = window.dash_clientside = window.dash_clientside || {};
  dc.jobAtlasSkillSelection = {
    group: function (allClicks, clearClicks, options) {
      var ctx = dc.callback_context || {};
      var id = ctx.triggered_id;
      var pressed = (ctx.triggered || []).some(function (t) { return t && t.value; });
      if (!id || typeof id !== 'object' || !pressed) {
        return dc.no_update;
      }
      if (id.type && id.type.indexOf('clear') !== -1) {
        return [];
      }
      return (options || []).map(function (o) { return o.value; });
    }
  };
}());
