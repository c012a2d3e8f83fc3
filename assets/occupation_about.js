/* Job Atlas: the About card's broader and narrower occupations (callbacks/occupation_about.py).
 * A click puts the occupation into the page's URL, keeping every other parameter (country,
 * period, measure, skills): the view callback then opens it, in one request, as it does for
 * any link. A button that appears with a newly rendered card (no clicks yet) is no press. */
(function () {
  'use strict';
  var dc = window.dash_clientside = window.dash_clientside || {};
  dc.jobAtlasOccupationHierarchy = {
    open: function (clicks, search) {
      var ctx = dc.callback_context || {};
      var id = ctx.triggered_id;
      var pressed = (ctx.triggered || []).some(function (t) { return t && t.value; });
      if (!id || typeof id !== 'object' || !id.occupation || !pressed) {
        return dc.no_update;
      }
      var params = new URLSearchParams(search || '');
      params.set('occupation', id.occupation);
      return '?' + params.toString();
    }
  };
}());
