#include "testpage.h"

namespace sockscope::net {

namespace {
constexpr char Page[] = R"html(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Sockscope test page</title>
<style>
body { font: 14px system-ui, sans-serif; margin: 2em; max-width: 60em; }
#log { font: 13px ui-monospace, monospace; white-space: pre-wrap; border: 1px solid #aaa; padding: .5em;
       height: 20em; overflow-y: auto; }
input[type=text] { width: 30em; }
.in { color: #06c; } .out { color: #080; } .ev { color: #777; }
</style>
</head>
<body>
<h1>Sockscope test page</h1>
<p>This page talks to the Sockscope local server with your browser's own WebSocket API, so the server's log
shows exactly what this browser sends.</p>
<p><input id="url" type="text"> <input id="protocols" type="text" placeholder="subprotocols, comma-separated"
style="width: 14em"> <button id="connect">Connect</button> <button id="close">Close</button></p>
<p>readyState <b id="state">-</b> &middot; protocol <b id="protocol">-</b> &middot; extensions
<b id="extensions">-</b> &middot; bufferedAmount <b id="buffered">0</b></p>
<p><input id="message" type="text" value="Hello from the browser"> <button id="send">Send text</button>
<button id="sendBinary">Send as binary</button></p>
<div id="log"></div>
<script>
"use strict";
const states = ["CONNECTING", "OPEN", "CLOSING", "CLOSED"];
const $ = id => document.getElementById(id);
let ws = null;
$("url").value = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "@PATH@";
function log(cls, text) {
  const line = document.createElement("div");
  line.className = cls;
  line.textContent = new Date().toISOString().substring(11, 23) + "  " + text;
  $("log").appendChild(line);
  $("log").scrollTop = $("log").scrollHeight;
}
function show() {
  $("state").textContent = ws ? states[ws.readyState] : "-";
  $("protocol").textContent = ws && ws.protocol ? ws.protocol : "-";
  $("extensions").textContent = ws && ws.extensions ? ws.extensions : "-";
  $("buffered").textContent = ws ? ws.bufferedAmount : 0;
}
$("connect").onclick = () => {
  const protocols = $("protocols").value.split(",").map(s => s.trim()).filter(s => s);
  try { ws = new WebSocket($("url").value, protocols); } catch (e) { log("ev", "error: " + e.message); return; }
  ws.binaryType = "arraybuffer";
  log("ev", "connecting to " + ws.url);
  ws.onopen = () => { log("ev", "open"); show(); };
  ws.onmessage = e => {
    if (typeof e.data === "string") log("in", "<- text " + e.data);
    else log("in", "<- binary " + e.data.byteLength + " bytes");
    show();
  };
  ws.onerror = () => { log("ev", "error"); show(); };
  ws.onclose = e => { log("ev", "close code " + e.code + " reason \"" + e.reason + "\" wasClean " + e.wasClean); show(); };
  show();
};
$("close").onclick = () => { if (ws) ws.close(1000, "closed from the test page"); show(); };
$("send").onclick = () => {
  if (!ws || ws.readyState !== 1) { log("ev", "not open"); return; }
  ws.send($("message").value); log("out", "-> text " + $("message").value); show();
};
$("sendBinary").onclick = () => {
  if (!ws || ws.readyState !== 1) { log("ev", "not open"); return; }
  const bytes = new TextEncoder().encode($("message").value);
  ws.send(bytes); log("out", "-> binary " + bytes.length + " bytes"); show();
};
setInterval(show, 500);
</script>
</body>
</html>
)html";

// Inside a <script>, so every byte that could end the string or the element is written as a \xNN escape.
QByteArray jsStringEscaped(QByteArrayView text)
{
    QByteArray out;
    for (char c : text) {
        const auto u = uchar(c);
        if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') ||
            QByteArrayView("/._~-%?=&+,;:@!$*()").contains(c)) {
            out += c;
        } else {
            out += "\\x" + QByteArray::number(u, 16).rightJustified(2, '0');
        }
    }
    return out;
}
} // namespace

QByteArray testPageHtml(QByteArrayView path)
{
    QByteArray page(Page);
    // The path goes into a JavaScript string literal inside the page.
    page.replace("@PATH@", jsStringEscaped(path.isEmpty() ? QByteArrayView("/") : path));
    return page;
}

} // namespace sockscope::net
