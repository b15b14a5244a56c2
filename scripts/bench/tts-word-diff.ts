/**
 * Word-level comparison for the TTS intelligibility bench: which reference
 * words a listener got wrong, as substitution, deletion and insertion pairs,
 * so each can be traced to the voice or to the listener.
 */
import { scoringWords } from "./word-error";

/**
 * Spellings that differ between the ears and the normaliser but are the same
 * spoken words: letters written as a capitalised run ("HC" is "H C"),
 * Whisper's titles, compounds and accents ("Café"). Applied to reference and heard text alike.
 */
const sameWords: Readonly<Record<string, string>> = { mr: "mister", mrs: "missus", ms: "miz", dr: "doctor", ok: "okay", email: "e mail", wifi: "wi fi" };

export function benchWords(text: string): string[] {
  const letters = text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/\b[A-Z]{2,3}\b/g, (run) => (/^(?:AM|PM|OK)$/.test(run) ? run : run.split("").join(" ")));
  return scoringWords(letters).flatMap((w) => (sameWords[w] ?? spelledRun(w)).split(" "));
}

/** Words without a vowel that English (and the scoring, "p.m." → "pm") has; any other vowelless run of two or three letters is letters said one by one. */
const vowellessWords = new Set(["pm", "hmm", "hm", "mm", "mmm", "shh", "sh", "psst", "tsk", "brr", "nth", "pst", "zzz", "cwm"]);

/**
 * Vosk writes letters said in a row as one token ("H C" comes back as "hc"):
 * the ear heard both letters, so the run is scored as the letters it spells.
 */
function spelledRun(word: string): string {
  return /^[b-df-hj-np-tv-xz]{2,3}$/.test(word) && !vowellessWords.has(word) ? word.split("").join(" ") : word;
}

/**
 * Reference and heard words, with a compound written as one word on one
 * side and two on the other made alike ("New Castle" heard as "newcastle",
 * "pre-ordered" as "preordered"): the same sounds, spelt apart or together.
 */
export function benchPair(reference: string, heard: string): [ref: string[], hyp: string[]] {
  const ref = benchWords(reference);
  const hyp = benchWords(heard);
  return [joinCompounds(ref, new Set(hyp)), joinCompounds(hyp, new Set(ref))];
}

/** Two neighbours whose join is one word of the other side become that word. */
function joinCompounds(words: readonly string[], other: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const joined = `${words[i]}${words[i + 1] ?? ""}`;
    if (i + 1 < words.length && other.has(joined) && !other.has(words[i] ?? "")) {
      out.push(joined);
      i += 1;
    } else out.push(words[i] ?? "");
  }
  return out;
}

export interface WordOp {
  readonly kind: "sub" | "del" | "ins";
  readonly ref?: string;
  readonly hyp?: string;
}

/** The edit operations of a minimal alignment (substitutions preferred over a deletion plus an insertion). */
export function alignWords(ref: readonly string[], hyp: readonly string[]): WordOp[] {
  const rows = ref.length + 1;
  const cols = hyp.length + 1;
  const cost = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const same = ref[i - 1] === hyp[j - 1] ? 0 : 1;
      (cost[i] as number[])[j] = Math.min((cost[i - 1]?.[j] ?? 0) + 1, (cost[i]?.[j - 1] ?? 0) + 1, (cost[i - 1]?.[j - 1] ?? 0) + same);
    }
  }
  const ops: WordOp[] = [];
  let i = ref.length;
  let j = hyp.length;
  while (i > 0 || j > 0) {
    const here = cost[i]?.[j] ?? 0;
    if (i > 0 && j > 0 && here === (cost[i - 1]?.[j - 1] ?? 0) + (ref[i - 1] === hyp[j - 1] ? 0 : 1)) {
      if (ref[i - 1] !== hyp[j - 1]) ops.push({ kind: "sub", ref: ref[i - 1], hyp: hyp[j - 1] });
      i -= 1;
      j -= 1;
    } else if (i > 0 && here === (cost[i - 1]?.[j] ?? 0) + 1) {
      ops.push({ kind: "del", ref: ref[i - 1] });
      i -= 1;
    } else {
      ops.push({ kind: "ins", hyp: hyp[j - 1] });
      j -= 1;
    }
  }
  return ops.reverse();
}

export function describeOp(op: WordOp): string {
  return op.kind === "sub" ? `${op.ref}→${op.hyp}` : op.kind === "del" ? `-${op.ref}` : `+${op.hyp}`;
}
