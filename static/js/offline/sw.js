/* The field page's service worker (served by inspections.views.field.ServiceWorkerView,
   which puts self.WEIJIAN_SHELL before this: the cache version, a hash of the static files,
   the page and its assets). The page: network first, the cached copy when offline. Static
   files: from the cache, fetched and kept when missing. Anything else (the API, today's
   data, the session check) goes to the network untouched: never answered from a cache. */
"use strict";
var SHELL = self.WEIJIAN_SHELL;
var PREFIX = "weijian-field-";
var CACHE = PREFIX + SHELL.version;

function staticRefs(html) {
  var found = [];
  var pattern = /(?:src|href)="([^"]+)"/g;
  var match;
  while ((match = pattern.exec(html))) {
    var url = match[1].replace(/&amp;/g, "&");
    if (url.indexOf(SHELL.static) === 0) found.push(url);
  }
  return found;
}

self.addEventListener("install", function (event) {
  event.waitUntil((async function () {
    var cache = await caches.open(CACHE);
    await cache.addAll(SHELL.assets);
    var page = await fetch(SHELL.page, { credentials: "same-origin", redirect: "manual" });
    if (page.ok) {
      await cache.put(SHELL.page, page.clone());
      var refs = staticRefs(await page.text()).filter(function (u) { return SHELL.assets.indexOf(u) < 0; });
      await Promise.all(refs.map(function (u) { return cache.add(u).catch(function () {}); }));
    }
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", function (event) {
  event.waitUntil((async function () {
    var names = await caches.keys();
    await Promise.all(names.filter(function (n) { return n.indexOf(PREFIX) === 0 && n !== CACHE; })
      .map(function (n) { return caches.delete(n); }));
    await self.clients.claim();
  })());
});

async function pageFirstFromNetwork(request) {
  var cache = await caches.open(CACHE);
  try {
    var response = await fetch(request);
    if (response.ok && response.type === "basic" && !response.redirected) {
      await cache.put(SHELL.page, response.clone());
    }
    return response;
  } catch (error) {
    var cached = await cache.match(SHELL.page);
    if (cached) {
      // Marked, so that the page (and a test) can tell it came from the cache.
      var headers = new Headers(cached.headers);
      headers.set("Weijian-Offline", "cache");
      return new Response(cached.body, { status: cached.status, statusText: cached.statusText, headers: headers });
    }
    return new Response("<!DOCTYPE html><meta charset=utf-8><title>离线</title><p>当前离线，且本机尚未保存外出检查页面：请联网后打开一次。</p>",
      { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
  }
}

async function staticFromCache(request) {
  var cache = await caches.open(CACHE);
  var cached = await cache.match(request, { ignoreSearch: false });
  if (cached) return cached;
  var response = await fetch(request);
  if (response.ok && response.type === "basic") await cache.put(request, response.clone());
  return response;
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && url.pathname === SHELL.page) {
    event.respondWith(pageFirstFromNetwork(request));
  } else if (url.pathname.indexOf(SHELL.static) === 0) {
    event.respondWith(staticFromCache(request));
  }
});
