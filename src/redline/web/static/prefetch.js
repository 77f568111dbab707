// Starts the corpus view's first requests while the browser is still loading Leaflet and the app's
// modules (a classic script in <head>, so it runs at once; modules wait for the whole graph).
// api.js takes a response from here when it asks for the very same URL; any other URL, or a URL
// built differently by a later version of the views, is simply fetched again, so this only ever
// saves time. The URLs follow corpus.js and map.js: same parameters, same order.
(function () {
  "use strict";
  var match = /^#corpus(?:\?(.*))?$/.exec(location.hash);
  var started = {};
  window.redlinePrefetched = {
    take: function (url) {
      var response = started[url];
      delete started[url];
      return response;
    },
  };
  if (!match) return;
  var hash = new URLSearchParams(match[1] || "");
  var keys = ["since", "until", "country", "actor", "type", "q"];
  function url(path, extra, without) {
    var params = new URLSearchParams();
    keys.forEach(function (key) {
      if (hash.get(key) && key !== without) params.set(key, hash.get(key));
    });
    Object.keys(extra).forEach(function (key) { params.set(key, extra[key]); });
    var query = params.toString();
    return query ? path + "?" + query : path;
  }
  function prefetch(address) {
    started[address] = fetch(address, { headers: { Accept: "application/json" } });
  }
  prefetch("/assets/basemap.json");
  prefetch(url("/api/timeline", {}));
  prefetch(url("/api/network", {}));
  prefetch(url("/api/events", { limit: 50, offset: Number(hash.get("offset")) || 0 }));
  prefetch(url("/api/commitments", { limit: 50, offset: 0 }, "type"));
  // with a country filter the map first zooms to it, and asks for other cells
  if (!hash.get("country")) prefetch(url("/api/map", { cell: 2 }));
})();
