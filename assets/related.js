/* Job Atlas: "Where to go next" (callbacks/related.py). The server sends two lists, every related
 * occupation and those with jobs in the view's country and period; the switch "Only with jobs in
 * ..." shows one of them, in the browser, with no request. */
(function () {
  'use strict';
  var dc = window.dash_clientside = window.dash_clientside || {};
  dc.jobAtlasRelated = {
    filter: function (onlyWithJobs) {
      var on = !!onlyWithJobs;
      return [on, !on];
    }
  };
}());
