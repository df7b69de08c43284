// Dependency-free reachability probes, usable before `pnpm install` has run (fail fast on a bad URL).
"use strict";
const net = require("node:net");

/** Resolves true when a TCP connection to host:port opens within timeoutMs. */
function tcpReachable(host, port, timeoutMs = 3000) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

/** Why a TCP connection fails ("ECONNREFUSED", "timed out"), or null when it opens. */
function tcpProblem(host, port, timeoutMs = 3000) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (problem) => {
      socket.destroy();
      resolve(problem);
    };
    socket.setTimeout(timeoutMs, () => done(`no answer within ${timeoutMs} ms`));
    socket.once("connect", () => done(null));
    socket.once("error", (error) => done(error.code ?? error.message));
  });
}

function hostPort(url, defaultPort) {
  const u = new URL(url);
  return { host: u.hostname.replace(/^\[|\]$/g, "") || "127.0.0.1", port: Number(u.port || defaultPort) };
}

function encode(args) {
  return `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join("")}`;
}

/** Parses one RESP reply from buf; returns [value, rest] or undefined when incomplete. */
function parseReply(buf) {
  const end = buf.indexOf("\r\n");
  if (end < 0) return undefined;
  const kind = buf[0];
  const line = buf.slice(1, end);
  const rest = buf.slice(end + 2);
  if (kind === "+") return [line, rest];
  if (kind === "-") return [new Error(line), rest];
  if (kind === ":") return [Number(line), rest];
  if (kind === "$") {
    const len = Number(line);
    if (len < 0) return [null, rest];
    if (Buffer.byteLength(rest) < len + 2) return undefined;
    return [rest.slice(0, len), rest.slice(len + 2)];
  }
  if (kind === "*") {
    const items = [];
    let remaining = rest;
    for (let i = 0; i < Number(line); i++) {
      const parsed = parseReply(remaining);
      if (!parsed) return undefined;
      items.push(parsed[0]);
      remaining = parsed[1];
    }
    return [items, remaining];
  }
  return [new Error(`unexpected reply ${buf.slice(0, 20)}`), ""];
}

/** Sends commands to the Redis at url (AUTH first when the URL has a password); resolves their replies. */
function redisCommands(url, commands, timeoutMs = 3000) {
  const u = new URL(url);
  const { host, port } = hostPort(url, 6379);
  const all = [];
  if (u.password) all.push(u.username ? ["AUTH", decodeURIComponent(u.username), decodeURIComponent(u.password)] : ["AUTH", decodeURIComponent(u.password)]);
  all.push(...commands);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    let buffer = "";
    const replies = [];
    socket.setEncoding("utf8");
    socket.setTimeout(timeoutMs, () => {
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms`));
    });
    socket.once("error", (error) => reject(new Error(error.code ?? error.message)));
    socket.once("connect", () => socket.write(all.map(encode).join("")));
    socket.on("data", (chunk) => {
      buffer += chunk;
      for (let parsed = parseReply(buffer); parsed; parsed = parseReply(buffer)) {
        replies.push(parsed[0]);
        buffer = parsed[1];
      }
      if (replies.length >= all.length) {
        socket.destroy();
        const own = replies.slice(all.length - commands.length);
        const failed = replies.find((r) => r instanceof Error);
        if (failed) reject(failed);
        else resolve(own);
      }
    });
  });
}

module.exports = { tcpReachable, tcpProblem, hostPort, redisCommands, parseReply };
