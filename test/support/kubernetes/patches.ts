/**
 * The three patch types a Kubernetes API server accepts, as its reference describes them: JSON Patch (RFC 6902,
 * `application/json-patch+json`), JSON Merge Patch (RFC 7386, `application/merge-patch+json`) and the strategic
 * merge patch (`application/strategic-merge-patch+json`), which merges lists of named things by their key.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** A patch the server could not apply; the server answers 422 (a failed `test`) or 400 (a malformed patch). */
export class PatchError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 422,
  ) {
    super(message);
  }
}

export function mergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return structuredClone(patch);
  const out: JsonObject = isObject(target) ? structuredClone(target) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key] ?? null, value);
  }
  return out;
}

// The patch merge keys of the lists a Deployment or Pod holds (from the API's x-kubernetes-patch-merge-key).
const MERGE_KEYS: Record<string, string> = { containers: 'name', initContainers: 'name', volumes: 'name', env: 'name', volumeMounts: 'mountPath', ports: 'containerPort', conditions: 'type', imagePullSecrets: 'name' };

export function strategicMergePatch(target: Json, patch: Json, field = ''): Json {
  if (Array.isArray(patch)) {
    const key = MERGE_KEYS[field];
    if (!key || !Array.isArray(target)) return structuredClone(patch);
    const out = structuredClone(target) as JsonObject[];
    for (const item of patch as JsonObject[]) {
      const index = out.findIndex((existing) => existing[key] === item[key]);
      if (item.$patch === 'delete') {
        if (index >= 0) out.splice(index, 1);
      } else if (index >= 0) out[index] = strategicMergePatch(out[index]!, item) as JsonObject;
      else out.push(item);
    }
    return out;
  }
  if (!isObject(patch)) return structuredClone(patch);
  if (patch.$patch === 'replace') {
    const { $patch: _, ...rest } = patch;
    return rest;
  }
  const out: JsonObject = isObject(target) ? structuredClone(target) : {};
  for (const [name, value] of Object.entries(patch)) {
    // Ordering hints (`$setElementOrder/containers`) change nothing the peer keeps.
    if (name.startsWith('$')) continue;
    if (value === null) delete out[name];
    else out[name] = strategicMergePatch(out[name] ?? null, value, name);
  }
  return out;
}

interface Operation {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  value?: Json;
  from?: string;
}

export function jsonPatch(target: Json, operations: unknown): Json {
  if (!Array.isArray(operations)) throw new PatchError('json: cannot unmarshal object into Go value of type jsonpatch.Patch', 400);
  let document = structuredClone(target);
  for (const operation of operations as Operation[]) {
    switch (operation.op) {
      case 'test': {
        const found = read(document, operation.path);
        if (JSON.stringify(found) !== JSON.stringify(operation.value)) throw new PatchError(`testing value ${operation.path} failed: test failed`, 422);
        break;
      }
      case 'add':
      case 'replace':
        if (operation.op === 'replace' && read(document, operation.path) === undefined) throw new PatchError(`replace operation does not apply: doc is missing key: ${operation.path}`, 422);
        document = write(document, operation.path, structuredClone(operation.value ?? null), operation.op);
        break;
      case 'remove':
        if (read(document, operation.path) === undefined) throw new PatchError(`remove operation does not apply: doc is missing path: ${operation.path}`, 422);
        document = write(document, operation.path, undefined, 'remove');
        break;
      case 'copy':
      case 'move': {
        const value = read(document, operation.from ?? '');
        if (value === undefined) throw new PatchError(`${operation.op} operation does not apply: doc is missing from path: ${operation.from}`, 422);
        if (operation.op === 'move') document = write(document, operation.from!, undefined, 'remove');
        document = write(document, operation.path, structuredClone(value), 'add');
        break;
      }
      default:
        throw new PatchError(`Unexpected kind: ${String((operation as { op: unknown }).op)}`, 400);
    }
  }
  return document;
}

function segments(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new PatchError(`add operation does not apply: doc is missing path: "${path}"`, 422);
  return path.slice(1).split('/').map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function read(document: Json, path: string): Json | undefined {
  let node: Json | undefined = document;
  for (const part of segments(path)) {
    if (Array.isArray(node)) node = node[Number(part)];
    else if (isObject(node)) node = node[part];
    else return undefined;
  }
  return node;
}

function write(document: Json, path: string, value: Json | undefined, op: 'add' | 'replace' | 'remove'): Json {
  const parts = segments(path);
  if (parts.length === 0) return value ?? null;
  const last = parts.pop()!;
  const parent = read(document, parts.map((part) => `/${part.replace(/~/g, '~0').replace(/\//g, '~1')}`).join(''));
  if (Array.isArray(parent)) {
    const index = last === '-' ? parent.length : Number(last);
    if (!Number.isInteger(index) || index < 0 || index > parent.length) throw new PatchError(`${op} operation does not apply: index out of range: ${path}`, 422);
    if (op === 'remove') parent.splice(index, 1);
    else if (op === 'add') parent.splice(index, 0, value!);
    else parent[index] = value!;
  } else if (isObject(parent)) {
    if (op === 'remove') delete parent[last];
    else parent[last] = value!;
  } else {
    throw new PatchError(`${op} operation does not apply: doc is missing path: ${path}`, 422);
  }
  return document;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
