// Where the cursor scan (cursor.ts) has been in a text: checkpoints of its state, so that the
// next request on the same text, or on a new version of it, does not scan from the top.

/**
 * Where a container stands in the scan: a key is expected, a key was read (the colon is
 * next), a value is expected, or a value is finished (a comma or the close is next).
 */
export type State = 'key' | 'colon' | 'value' | 'after';

export interface Frame {
  isObject: boolean;
  key: string | undefined;
  index: number;
  state: State;
  /** Where the last finished value ends, while `state` is 'after'. */
  valueEnd: number;
}

/** Characters between two checkpoints of the scan (tests space them closer). */
export const checkpointSpacing = { characters: 16_384 };

interface Checkpoint {
  at: number;
  frames: Frame[];
}

/**
 * Where `contextAt` has been in one text: the open containers (and where the scan stood in
 * each) at a checkpoint every few thousand characters, so that the next request on the same
 * text scans from the last checkpoint before its cursor instead of from the top. The scan
 * stands between tokens at a checkpoint, never inside a container it stepped over, so its
 * open containers are exactly those open at that offset in any scan: what the scan does after
 * depends on the text after it and the cursor only. That holds where the scan closes each
 * container where stepping over it ends it: in a text without syntax errors (no string
 * broken by a line break, every bracket matched).
 */
class Checkpoints {
  private readonly points: Checkpoint[] = [];

  constructor(readonly text: string) {}

  /** The last checkpoint at or before `offset`. */
  before(offset: number): Checkpoint | undefined {
    const points = this.points;
    let low = 0;
    let high = points.length - 1;
    if (high < 0 || points[0].at > offset) return undefined;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (points[mid].at <= offset) low = mid;
      else high = mid - 1;
    }
    return points[low];
  }

  /** Where the next checkpoint is due. */
  next(): number {
    const last = this.points[this.points.length - 1];
    return last ? last.at + checkpointSpacing.characters : checkpointSpacing.characters;
  }

  /**
   * Takes the checkpoints of another text that are before `end`, where the two texts are the
   * same. Not one at `end`: the scan that kept it read the character there to end the literal
   * before it (`12|,` typed into `127,` goes on past it).
   */
  carry(from: Checkpoints, end: number): void {
    for (const point of from.points) {
      if (point.at >= end) break;
      this.points.push(point);
    }
  }

  /** Keeps the scan's state at `at` (past the last checkpoint); returns where the next is due. */
  keep(at: number, frames: readonly Frame[]): number {
    this.points.push({ at, frames: frames.map((frame) => ({ ...frame })) });
    return at + checkpointSpacing.characters;
  }
}

/** No checkpoint kept, none used: the scan from the top. */
export const NO_CHECKPOINTS = new (class extends Checkpoints {
  override next(): number {
    return Number.MAX_SAFE_INTEGER;
  }
})('');

/**
 * The checkpoints of the two texts scanned last, the latest first: requests on one version
 * all scan its text, and reading a new version looks into the one before it.
 */
let scanned: Checkpoints[] = [];

/**
 * A new version of the text scanned last: the checkpoints before `unchangedBefore` (the first
 * character a change touched) hold for it too, since a checkpoint depends on the text before it.
 */
export function textEdited(before: string, after: string, unchangedBefore: number): void {
  const earlier = scanned.find((saved) => saved.text === before);
  if (!earlier || before === after) return;
  const kept = new Checkpoints(after);
  kept.carry(earlier, unchangedBefore);
  scanned = [kept, ...scanned.filter((saved) => saved !== earlier && saved.text !== after)].slice(0, 2);
}

export function checkpointsOf(text: string): Checkpoints {
  // Equal strings, whether or not the same object: the checkpoints hold for the characters.
  const latest = scanned[0];
  if (latest?.text === text) return latest;
  const saved = scanned.find((s) => s.text === text) ?? new Checkpoints(text);
  scanned = [saved, ...scanned.filter((s) => s !== saved)].slice(0, 2);
  return saved;
}
