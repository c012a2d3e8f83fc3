// plotly.js for Job Atlas (issue 6): the core (which registers scatter: the trend chart) plus the
// two other trace types the app draws: choropleth (the map) and bar (skill demand, breakdown).
// A figure with another trace type fails to draw: add its lib/<trace> here and rebuild.
'use strict';

var Plotly = require('plotly.js/lib/core');

Plotly.register([
    require('plotly.js/lib/bar'),
    require('plotly.js/lib/choropleth'),
]);

module.exports = Plotly;
