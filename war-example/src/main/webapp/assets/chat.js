// The example page's script: the chat, the remembered name, the upload and the users form. A static file, so the page needs no
// inline script under its Content-Security-Policy (default-src 'self').
let socket = null;
const messages = document.getElementById('messages');
const status = document.getElementById('status');
const messageInput = document.getElementById('message');
const sendButton = document.getElementById('send');

function show(event) {
  const item = document.createElement('li');
  item.className = event.kind;
  if (event.kind === 'message') {
    const from = document.createElement('span');
    from.className = 'from';
    from.textContent = event.from + ':';
    item.appendChild(from);
  }
  // textContent, never innerHTML: what others type is shown, not run.
  item.appendChild(document.createTextNode(event.text));
  messages.appendChild(item);
  messages.scrollTop = messages.scrollHeight;
}

function setConnected(connected, text) {
  status.textContent = text;
  messageInput.disabled = !connected;
  sendButton.disabled = !connected;
}

const me = document.getElementById('me');
fetch('api/me').then((r) => r.json()).then((body) => {
  if (body.name) {
    document.getElementById('name').value = body.name;
    me.textContent = 'remembered as ' + body.name;
  }
});

document.getElementById('join-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  if (socket) socket.close();
  const name = document.getElementById('name').value.trim();
  // A form post (the body parser plugin reads it); the session remembers the name.
  const saved = await fetch('api/me', { method: 'POST', body: new URLSearchParams({ name }) });
  if (saved.ok) me.textContent = 'remembered as ' + (await saved.json()).name;
  const room = document.getElementById('room').value.trim();
  const url = new URL('ws/chat/' + encodeURIComponent(room) + '?name=' + encodeURIComponent(name), document.baseURI);
  url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  socket = new WebSocket(url);
  setConnected(false, 'connecting...');
  socket.onopen = () => setConnected(true, 'in room ' + room);
  socket.onmessage = (message) => show(JSON.parse(message.data));
  socket.onclose = (close) => setConnected(false, 'disconnected (' + close.code + (close.reason ? ' ' + close.reason : '') + ')');
});

document.getElementById('send-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const text = messageInput.value.trim();
  if (socket && socket.readyState === WebSocket.OPEN && text) {
    socket.send(text);
    messageInput.value = '';
  }
});

document.getElementById('upload-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const response = await fetch('api/files', { method: 'POST', body: new FormData(event.target) });
  document.getElementById('upload-result').textContent = response.status + ' ' + await response.text();
});

document.getElementById('new-user').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const body = { name: form.get('name') };
  if (form.get('email')) body.email = form.get('email');
  const response = await fetch('api/users', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body)
  });
  document.getElementById('result').textContent = response.status + ' ' + await response.text();
});
