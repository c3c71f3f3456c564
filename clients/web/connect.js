// The Connect protocol over fetch, as forumd's HTTP port speaks it: unary calls in JSON and
// server streams of enveloped JSON messages. Errors become ConnectError with the code's name,
// the message and the details (each with its JSON form under `debug`).

export class ConnectError extends Error {
  constructor(code, message, details = []) {
    super(message || code);
    this.code = code;
    this.details = details;
  }
  // The first detail of `type` ("forum.v1.BadRequest"), as JSON, or undefined.
  detail(type) {
    return this.details.find((d) => d.type === type)?.debug;
  }
}

let token = sessionStorage.getItem("forum.token") || "";

export function setToken(secret) {
  token = secret;
  if (secret) sessionStorage.setItem("forum.token", secret);
  else sessionStorage.removeItem("forum.token");
}

export function hasToken() {
  return token !== "";
}

function headers(contentType) {
  const h = { "Content-Type": contentType, "Connect-Protocol-Version": "1" };
  if (token) h.Authorization = `Bearer ${token}`;
  return h;
}

async function errorFrom(response) {
  let body = {};
  try {
    body = await response.json();
  } catch {
    body = { code: "unknown", message: `HTTP ${response.status}` };
  }
  return new ConnectError(body.code || "unknown", body.message, body.details || []);
}

// Calls `method` of `service` ("EventService") with `request` (a plain object in protobuf's
// JSON form); resolves with the response object.
export async function call(service, method, request = {}, { timeoutMs = 30000 } = {}) {
  const h = headers("application/json");
  h["Connect-Timeout-Ms"] = String(timeoutMs);
  const response = await fetch(`/forum.v1.${service}/${method}`, {
    method: "POST",
    headers: h,
    body: JSON.stringify(request),
  });
  if (!response.ok) throw await errorFrom(response);
  return response.json();
}

// Follows a server stream: calls onMessage with each response object until the stream ends or
// `signal` aborts. Resolves on a clean end, rejects with ConnectError on an error end.
export async function stream(service, method, request, onMessage, signal) {
  const json = new TextEncoder().encode(JSON.stringify(request));
  const body = new Uint8Array(5 + json.length);
  new DataView(body.buffer).setUint32(1, json.length);
  body.set(json, 5);
  const response = await fetch(`/forum.v1.${service}/${method}`, {
    method: "POST",
    headers: headers("application/connect+json"),
    body,
    signal,
  });
  if (!response.ok) throw await errorFrom(response);
  const reader = response.body.getReader();
  let buffer = new Uint8Array(0);
  const decoder = new TextDecoder();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) throw new ConnectError("unavailable", "the stream ended without its end message");
    const joined = new Uint8Array(buffer.length + value.length);
    joined.set(buffer);
    joined.set(value, buffer.length);
    buffer = joined;
    while (buffer.length >= 5) {
      const size = new DataView(buffer.buffer, buffer.byteOffset).getUint32(1);
      if (buffer.length < 5 + size) break;
      const flags = buffer[0];
      const message = JSON.parse(decoder.decode(buffer.subarray(5, 5 + size)) || "{}");
      buffer = buffer.slice(5 + size);
      if (flags & 2) {
        if (message.error) {
          const e = message.error;
          throw new ConnectError(e.code, e.message, e.details || []);
        }
        return;
      }
      onMessage(message);
    }
  }
}
