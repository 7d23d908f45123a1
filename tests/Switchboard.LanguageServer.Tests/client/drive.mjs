// Drives the Switchboard language server as an editor does: spawns it, speaks LSP over its stdio with Microsoft's
// client libraries, and prints what came back as one JSON object for the .NET test to check.
// Usage: node drive.mjs <workspace-folder> <server-command> [args...]
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import {
  CancellationTokenSource,
  CompletionRequest,
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  InlineCompletionRequest,
  LogMessageNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';

const [workspace, command, ...args] = process.argv.slice(2);
const server = spawn(command, args, { stdio: ['pipe', 'pipe', 'inherit'] });
const exited = new Promise((resolve) => server.on('exit', (code) => resolve(code)));
const connection = createProtocolConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
const logs = [];
let indexed;
const indexedOnce = new Promise((resolve) => { indexed = resolve; });
connection.onNotification(LogMessageNotification.type, (message) => {
  logs.push(message);
  if (message.message.startsWith('Indexed')) indexed();
});
connection.listen();

const uri = (name) => pathToFileURL(`${workspace}/${name}`).href;
const error = (e) => ({ code: e.code, message: e.message });
const out = {};
const withTimeout = (promise, ms, what) =>
  Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error(`${what} timed out`)), ms))]);

const init = await connection.sendRequest(InitializeRequest.type, {
  processId: process.pid,
  rootUri: pathToFileURL(workspace).href,
  workspaceFolders: [{ uri: pathToFileURL(workspace).href, name: 'ws' }],
  capabilities: {},
});
out.capabilities = init.capabilities;
connection.sendNotification(InitializedNotification.type, {});
await withTimeout(indexedOnce, 10000, 'indexing');

// Inline completion at the end of an open TypeScript document.
const ts = uri('greet.ts');
connection.sendNotification(DidOpenTextDocumentNotification.type, {
  textDocument: { uri: ts, languageId: 'typescript', version: 1, text: 'function greet(name: string) {\n  return hel' },
});
out.firstInline = await connection.sendRequest(InlineCompletionRequest.type, {
  textDocument: { uri: ts }, position: { line: 1, character: 12 }, context: { triggerKind: 2 },
});

// An incremental edit types "lo"; the next completion must see "hello".
connection.sendNotification(DidChangeTextDocumentNotification.type, {
  textDocument: { uri: ts, version: 2 },
  contentChanges: [{ range: { start: { line: 1, character: 12 }, end: { line: 1, character: 12 } }, text: 'lo' }],
});
out.afterEdit = await connection.sendRequest(InlineCompletionRequest.type, {
  textDocument: { uri: ts }, position: { line: 1, character: 14 }, context: { triggerKind: 1 },
});
out.completion = await connection.sendRequest(CompletionRequest.type, {
  textDocument: { uri: ts }, position: { line: 1, character: 14 },
});

// C#: a type declared in another workspace file reaches the prompt as a signature.
const cs = uri('Checkout.cs');
connection.sendNotification(DidOpenTextDocumentNotification.type, {
  textDocument: { uri: cs, languageId: 'csharp', version: 1, text: 'class Checkout\n{\n    void Run(Order order)\n    {\n        order.\n    }\n}\n' },
});
out.csharp = await connection.sendRequest(InlineCompletionRequest.type, {
  textDocument: { uri: cs }, position: { line: 4, character: 14 }, context: { triggerKind: 1 },
});

// $/cancelRequest: a completion stuck on a slow model is cancelled by the client.
const slow = uri('slow.py');
connection.sendNotification(DidOpenTextDocumentNotification.type, {
  textDocument: { uri: slow, languageId: 'python', version: 1, text: 'SLOW = 1\nx = ' },
});
const source = new CancellationTokenSource();
const pending = connection.sendRequest(InlineCompletionRequest.type, {
  textDocument: { uri: slow }, position: { line: 1, character: 4 }, context: { triggerKind: 1 },
}, source.token);
setTimeout(() => source.cancel(), 300);
out.cancelled = await withTimeout(pending.then((r) => ({ result: r }), (e) => ({ error: error(e) })), 10000, 'cancellation');

// A provider failure gives no items and a log message, not an error popup.
const failing = uri('fail.py');
connection.sendNotification(DidOpenTextDocumentNotification.type, {
  textDocument: { uri: failing, languageId: 'python', version: 1, text: 'FAIL = 1\ny = ' },
});
out.failed = await connection.sendRequest(InlineCompletionRequest.type, {
  textDocument: { uri: failing }, position: { line: 1, character: 4 }, context: { triggerKind: 1 },
});

// Bad input: a position past the document, a document never opened.
out.badPosition = await connection.sendRequest(InlineCompletionRequest.type, {
  textDocument: { uri: ts }, position: { line: 99, character: 0 }, context: { triggerKind: 1 },
}).then((r) => ({ result: r }), (e) => ({ error: error(e) }));
out.unknownDocument = await connection.sendRequest(InlineCompletionRequest.type, {
  textDocument: { uri: uri('never-opened.ts') }, position: { line: 0, character: 0 }, context: { triggerKind: 1 },
}).then((r) => ({ result: r }), (e) => ({ error: error(e) }));

out.shutdown = await connection.sendRequest(ShutdownRequest.type);
connection.sendNotification(ExitNotification.type);
out.exitCode = await withTimeout(exited, 10000, 'exit');
out.logs = logs;
connection.dispose();
process.stdout.write(JSON.stringify(out));
