import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join } from 'node:path';
import type * as VM from 'node:vm';
import { growthFactor, setGrowthFactor } from './young-generation-flag';

/*
 * Starts a bundle with V8's code cache: the bundle's code as V8 compiled it in an earlier run,
 * kept beside it, so a start reads it instead of parsing and compiling about 450 KB of
 * JavaScript again (a quarter of the language server's time to its first answer; Node 22 does
 * this itself with module.enableCompileCache, Node 20 does not). The cache is written when a
 * process ends that found none it could use; it names the runtime and the bundle's size and
 * time, so a rebuilt bundle or another Node (VS Code's) makes its own. Where the bundle's
 * folder cannot be written (an install owned by another user), the cache is kept in the
 * user's cache folder instead; where neither can, it only costs the time it would have saved.
 *
 * V8 uses a cache only under the flags it was written with, and the young generation's growth
 * factor is one of them, set while the process runs (heap.ts): it is set back to what it was
 * at the compile before the cache is written.
 */

interface Cache {
  key: string;
  data?: Buffer;
  /** Whether the run that wrote it compiled the bundle's main work (see `launch`). */
  deep?: boolean;
}

const DEEP = ' deep';

/** Where a bundle's cache may be, in the order looked at and written: beside it, then in the user's cache folder. */
function cacheFiles(bundle: string): string[] {
  const home = process.platform === 'win32' ? process.env.LOCALAPPDATA : process.env.XDG_CACHE_HOME || (process.env.HOME && join(process.env.HOME, '.cache'));
  if (!home || !isAbsolute(home)) return [`${bundle}.cache`];
  // One file per installed bundle (FNV-1a of its path): two installs do not write over each other.
  let hash = 0x811c9dc5;
  for (let i = 0; i < bundle.length; i++) hash = Math.imul(hash ^ bundle.charCodeAt(i), 0x01000193);
  return [`${bundle}.cache`, join(home, 'virtplan', `${basename(bundle)}.${(hash >>> 0).toString(16)}.cache`)];
}

function readCache(files: readonly string[], bundle: string): Cache {
  const { size, mtimeMs } = statSync(bundle);
  const key = `${process.version} ${process.versions.v8} ${process.arch} ${size} ${mtimeMs}`;
  for (const file of files) {
    try {
      const bytes = readFileSync(file);
      const end = bytes.indexOf(10);
      const line = end >= 0 ? bytes.toString('latin1', 0, end) : '';
      if (line === key || line === key + DEEP) return { key, data: bytes.subarray(end + 1), deep: line !== key };
    } catch {
      // No cache there.
    }
  }
  return { key };
}

/** Whether the cache could be written to `file`. */
function writeCache(file: string, line: string, data: Buffer): boolean {
  const temporary = `${file}.${process.pid}`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(temporary, Buffer.concat([Buffer.from(`${line}\n`, 'latin1'), data]));
    renameSync(temporary, file);
    return true;
  } catch {
    rmSync(temporary, { force: true });
    return false;
  }
}

/** A bundle compiled, from the code cache when there was one it could use. */
export interface Compiled {
  /** The bundle's module function, as Node's module wrapper declares it. */
  run: (exports: object, require: NodeJS.Require, module: object, filename: string, dirname: string) => void;
  /** Whether the code came from the cache. */
  fromCache: boolean;
  /** Whether the cache it came from was written by a deep run (see `launch`). */
  fromDeepCache: boolean;
  /** Writes the cache of the code compiled so far, beside the bundle; `deep` marks it as a deep run's. */
  saveCache: (deep?: boolean) => void;
}

/** Node's module wrapper (node:module's `wrap`, without loading that module at each start). */
const WRAPPER = ['(function (exports, require, module, __filename, __dirname) { ', '\n});'];

export function compile(bundle: string): Compiled {
  const files = cacheFiles(bundle);
  const cache = readCache(files, bundle);
  const factor = growthFactor();
  // Loaded here, not with this file: the server's command answers initialize before it needs it.
  const { Script } = require('node:vm') as typeof VM;
  const script = new Script(WRAPPER[0] + readFileSync(bundle, 'utf8') + WRAPPER[1], { filename: bundle, cachedData: cache.data });
  const fromCache = cache.data !== undefined && script.cachedDataRejected !== true;
  return {
    run: script.runInThisContext() as Compiled['run'],
    fromCache,
    fromDeepCache: fromCache && cache.deep === true,
    saveCache: (deep = false) => {
      setGrowthFactor(factor);
      const data = script.createCachedData();
      files.some((file) => writeCache(file, cache.key + (deep ? DEEP : ''), data));
    },
  };
}

/**
 * Runs a CommonJS bundle as Node would run it, from the code cache when it has one, and writes
 * the cache at exit when it had none. Returns the bundle's exports. `require` is the launcher's
 * own, which resolves as the bundle's would: they are in the same folder.
 *
 * `deep`, asked at exit, says whether the run compiled the bundle's main work (the command
 * line's check of a plan): the cache holds every function compiled by the end, not only the
 * top level, so one written by a shallow run (`virtplan --version`) is written again at the end
 * of the first deep one.
 */
export function launch(bundle: string, require: NodeJS.Require, deep: () => boolean = () => false): unknown {
  const compiled = compile(bundle);
  process.once('exit', () => {
    if (!compiled.fromCache) compiled.saveCache(deep());
    else if (!compiled.fromDeepCache && deep()) compiled.saveCache(true);
  });
  const module = { exports: {}, filename: bundle, id: bundle, loaded: false };
  compiled.run.call(module.exports, module.exports, require, module, bundle, dirname(bundle));
  return module.exports;
}
