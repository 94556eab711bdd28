// Saved stories for reading offline. The page script (reader.js) registers this worker and tells
// it how many stories the reader has saved; when that changes, or an hour has passed, the worker
// reads the list (/saved.json), keeps each saved story's page and the files it needs in its own
// cache, and drops the pages of stories no longer saved. Offline, a saved story's page comes from
// that cache and any other page gets a short note listing what can be read. Nothing else is cached:
// online, every request goes to the network as if this worker were not here.
"use strict";

var CACHE = "dateline-saved-v1";
var MANIFEST = "/saved.json?offline-manifest";
var RESYNC_MS = 60 * 60 * 1000;

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf("dateline-saved-") === 0 && name !== CACHE;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

function readManifest(cache) {
  return cache.match(MANIFEST).then(function (hit) {
    return hit ? hit.json() : { stories: [], assets: [], syncedAt: 0 };
  });
}

function assetsOf(html) {
  var found = [];
  var pattern = /(?:href|src)="(\/static\/[^"]+)"/g;
  var match;
  while ((match = pattern.exec(html)) !== null) {
    var path = match[1].replace(/&amp;/g, "&");
    if (found.indexOf(path) < 0) found.push(path);
  }
  return found;
}

var syncing = null;
function sync(force, count) {
  if (syncing) return syncing;
  syncing = caches.open(CACHE).then(function (cache) {
    return readManifest(cache).then(function (manifest) {
      var fresh = Date.now() - manifest.syncedAt < RESYNC_MS;
      if (!force && fresh && count === manifest.stories.length) return manifest;
      return fetch("/saved.json", { credentials: "same-origin", cache: "no-store" })
        .then(function (response) {
          if (!response.ok) throw new Error("saved list: " + response.status);
          return response.json();
        })
        .then(function (list) {
          var wanted = list.stories.map(function (story) { return story.url; });
          var kept = [];
          var assets = [];
          return Promise.all(wanted.map(function (url) {
            return fetch(url, { credentials: "same-origin", cache: "no-store" }).then(function (response) {
              if (!response.ok) return null;
              return response.clone().text().then(function (html) {
                assetsOf(html).forEach(function (path) { if (assets.indexOf(path) < 0) assets.push(path); });
                kept.push(list.stories[wanted.indexOf(url)]);
                return cache.put(url, response);
              });
            }).catch(function () { return null; });
          })).then(function () {
            return Promise.all(assets.map(function (path) {
              return cache.match(path).then(function (hit) {
                return hit || fetch(path).then(function (response) {
                  return response.ok ? cache.put(path, response) : null;
                }).catch(function () { return null; });
              });
            }));
          }).then(function () {
            var dropped = manifest.stories.map(function (story) { return story.url; })
              .filter(function (url) { return wanted.indexOf(url) < 0; })
              .concat(manifest.assets.filter(function (path) { return assets.indexOf(path) < 0; }));
            return Promise.all(dropped.map(function (key) { return cache.delete(key); }));
          }).then(function () {
            var next = { stories: kept, assets: assets, syncedAt: Date.now() };
            return cache.put(MANIFEST, new Response(JSON.stringify(next), {
              headers: { "Content-Type": "application/json" }
            })).then(function () { return next; });
          });
        });
    });
  }).finally(function () { syncing = null; });
  return syncing;
}

self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type !== "saved") return;
  var done = sync(data.force === true, data.count).then(function (manifest) {
    if (event.source) {
      event.source.postMessage({ type: "saved-offline", urls: manifest.stories.map(function (s) { return s.url; }) });
    }
  }).catch(function () {});
  event.waitUntil(done);
});

function escapeHTML(text) {
  return String(text).replace(/[&<>"']/g, function (c) {
    return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" }[c];
  });
}

function offlinePage() {
  return caches.open(CACHE).then(readManifest).then(function (manifest) {
    var stylesheet = manifest.assets.filter(function (path) { return /site\.css/.test(path); })[0];
    var items = manifest.stories.map(function (story) {
      return "<li><a href=\"" + escapeHTML(story.url) + "\">" + escapeHTML(story.headline) + "</a></li>";
    }).join("");
    var body = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">" +
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>You are offline</title>" +
      (stylesheet ? "<link rel=\"stylesheet\" href=\"" + escapeHTML(stylesheet) + "\">" : "") +
      "</head><body><main class=\"page\" id=\"main\"><h1 class=\"page-heading\">You are offline</h1>" +
      (items ? "<p>These saved stories can be read without a connection:</p><ul class=\"offline-list\">" + items + "</ul>"
        : "<p>This page needs a connection. Stories you save are kept on this device to read offline.</p>") +
      "</main></body></html>";
    return new Response(body, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(function () {
      return caches.open(CACHE).then(function (cache) {
        return cache.match(url.pathname);
      }).then(function (hit) { return hit || offlinePage(); });
    }));
  } else if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(fetch(request).catch(function () {
      return caches.open(CACHE).then(function (cache) { return cache.match(url.pathname + url.search); })
        .then(function (hit) { return hit || Response.error(); });
    }));
  }
});
