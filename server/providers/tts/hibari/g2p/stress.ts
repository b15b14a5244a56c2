/** Stress marks and phoneme classes of misaki's alphabet (hibari/g2p/lexicon.py). */
export const PRIMARY = "ˈ";
export const SECONDARY = "ˌ";
const STRESSES = SECONDARY + PRIMARY;
export const VOWELS: ReadonlySet<string> = new Set("AIOQWYaiuæɑɒɔəɛɜɪʊʌᵻ");
export const CONSONANTS: ReadonlySet<string> = new Set("bdfhjklmnpstvwzðŋɡɹɾʃʒʤʧθ");
const DIPHTHONGS: ReadonlySet<string> = new Set("AIOQWYʤʧ");

export function stressWeight(ps: string | null): number {
  if (!ps) return 0;
  let w = 0;
  for (const c of ps) w += DIPHTHONGS.has(c) ? 2 : 1;
  return w;
}

const hasVowel = (ps: string) => Array.from(ps).some((c) => VOWELS.has(c));
const hasStress = (ps: string) => ps.includes(PRIMARY) || ps.includes(SECONDARY);

/** Moves each stress mark to just before the vowel it stresses. */
function restress(ps: string): string {
  const cs = Array.from(ps);
  const keyed = cs.map((c, i) => {
    if (!STRESSES.includes(c)) return [i, c] as const;
    let j = i;
    while (j < cs.length && !VOWELS.has(cs[j] ?? "")) j++;
    return [j - 0.5, c] as const;
  });
  return keyed
    .sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
    .map(([, c]) => c)
    .join("");
}

/**
 * misaki apply_stress: `stress` < -1 removes all stress, -1 (or 0/-0.5 on a
 * stressed word) demotes primary to secondary, 0/0.5/1 adds a secondary to
 * an unstressed word, ≥ 1 promotes secondary, > 1 adds a primary.
 */
export function applyStress(ps: string | null, stress: number | null): string | null {
  if (stress === null || ps === null) return ps;
  if (stress < -1) return ps.replaceAll(PRIMARY, "").replaceAll(SECONDARY, "");
  if (stress === -1 || ((stress === 0 || stress === -0.5) && ps.includes(PRIMARY))) {
    return ps.replaceAll(SECONDARY, "").replaceAll(PRIMARY, SECONDARY);
  }
  if ((stress === 0 || stress === 0.5 || stress === 1) && !hasStress(ps)) return hasVowel(ps) ? restress(SECONDARY + ps) : ps;
  if (stress >= 1 && !ps.includes(PRIMARY) && ps.includes(SECONDARY)) return ps.replaceAll(SECONDARY, PRIMARY);
  if (stress > 1 && !hasStress(ps)) return hasVowel(ps) ? restress(PRIMARY + ps) : ps;
  return ps;
}
