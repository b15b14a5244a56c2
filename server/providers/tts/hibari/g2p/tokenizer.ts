import { escapeClass, escapeRegExp } from "./pystr";

/**
 * Word tokenizer with spaCy's English rules (hibari/g2p/tokenize.py, from
 * spaCy, MIT): special cases (contractions, "Mr.", "10am"), then prefixes and
 * suffixes peeled off each whitespace-separated chunk, then infixes (hyphens,
 * slashes) split what is left; finally adjacent pieces that spell a special
 * case are joined back ("Sept" + "." → "Sept."). Python's `\w`, `\d` and
 * `[^\W\d_]` are written as Unicode properties.
 */
const L = String.raw`\p{L}`;
const LO = "a-zß-öø-ÿ";
const UP = "A-ZÀ-ÖØ-Þ";
const Q = "'\"”“`‘´’‚,„»«「」『』（）〔〕【】《》〈〉";
const PUNCT = "…,:;!?¿¡()[]{}<>_#*&。？！，、；：～·";
const ICONS = "™®©°§¶†‡•";
const CURRENCY = String.raw`\$|£|€|¥|฿|US\$|C\$|A\$|₽|₹|₩|₪|₺|₴|₦|₫|₱|₲|₵|₸|₼|₾|₿`;
const UNITS = String.raw`km|km²|km³|m|m²|m³|dm|dm²|dm³|cm|cm²|cm³|mm|mm²|mm³|ha|µm|nm|yd|in|ft|kg|g|mg|µg|t|lb|oz|m\/s|km\/h|kmh|mph|hPa|Pa|mbar|mb|MB|kb|KB|gb|GB|tb|TB|T|G|M|K|%`;

const punct = Array.from(PUNCT, escapeRegExp);
const quotes = Array.from(Q, escapeRegExp);
const icons = [`[${escapeClass(ICONS)}]`];
const PREFIXES = ["§", "%", "=", "—", "–", String.raw`\+(?![0-9])`, "…", "……", ...punct, String.raw`\.\.+`, "…", ...quotes, CURRENCY, ...icons];
const SUFFIXES = [
  "…", "……", ...punct, String.raw`\.\.+`, "…", ...quotes, ...icons, "'s", "'S", "’s", "’S", "—", "–",
  String.raw`(?<=[0-9])\+`, String.raw`(?<=°[FfCcKk])\.`, `(?<=[0-9])(?:${CURRENCY})`, `(?<=[0-9])(?:${UNITS})`,
  String.raw`(?<=[0-9${LO}%²\-\+${escapeClass(PUNCT)}${escapeClass(Q)}])\.`, String.raw`(?<=[${UP}][${UP}])\.`,
];
const INFIXES = [
  String.raw`\.\.+`, "…", ...icons, String.raw`(?<=[0-9])[+\-*^](?=[0-9-])`,
  String.raw`(?<=[${LO}${escapeClass(Q)}])\.(?=[${UP}${escapeClass(Q)}])`,
  `(?<=${L}),(?=${L})`, String.raw`(?<=[\p{L}\p{N}])(?:-|–|—|--|---|——|~)(?=${L})`, String.raw`(?<=[\p{L}\p{N}])[:<>=/](?=${L})`,
];
const W = String.raw`[\p{L}\p{N}_]`;
const URL = new RegExp(
  String.raw`^(?:(?:https?|ftp):\/\/|www\.)\S+$|^[\p{L}\p{N}_.+-]+@[\p{L}\p{N}_-]+(?:\.[\p{L}\p{N}_-]+)+$` +
    String.raw`|^(?:(?:${W}|-)+\.)+(?:com|org|net|edu|gov|io|co|uk|de|fr|info|biz|us|ca|au|tv|me|ly|ai)(?:\/\S*)?$`,
  "iu",
);

export type SpecialCases = Readonly<Record<string, readonly string[]>>;

export class Tokenizer {
  private readonly prefix = new RegExp(PREFIXES.map((p) => `^(?:${p})`).join("|"), "u");
  private readonly suffix = new RegExp(SUFFIXES.map((s) => `(?:${s})$`).join("|"), "u");
  private readonly infix = new RegExp(INFIXES.map((i) => `(?:${i})`).join("|"), "gu");

  constructor(private readonly special: SpecialCases) {}

  /** [token text, whitespace after it (" " or "")] for each token. */
  tokenize(text: string): [string, string][] {
    const out: [string, string][] = [];
    for (const m of text.matchAll(/\S+/gu)) {
      const toks = this.split(m[0]);
      const end = (m.index ?? 0) + m[0].length;
      const ws = end < text.length ? " " : "";
      toks.forEach((t, i) => out.push([t, i === toks.length - 1 ? ws : ""]));
    }
    return out;
  }

  private isSpecial(s: string): boolean {
    return Object.hasOwn(this.special, s);
  }

  private specialOf(s: string): string[] {
    return [...(this.special[s] ?? [])];
  }

  split(s: string): string[] {
    if (this.isSpecial(s)) return this.specialOf(s);
    const pre: string[] = [];
    const suf: string[] = [];
    let last = -1;
    while (s && s.length !== last && !this.isSpecial(s)) {
      last = s.length;
      const pm = this.prefix.exec(s);
      const preLen = pm ? pm[0].length : 0;
      const prefix = s.slice(0, preLen);
      const minusPre = s.slice(preLen);
      if (preLen && minusPre && this.isSpecial(minusPre)) {
        s = minusPre;
        pre.push(prefix);
        break;
      }
      const sm = this.suffix.exec(s.slice(preLen));
      const sufLen = sm ? sm[0].length : 0;
      const suffix = sufLen ? s.slice(-sufLen) : "";
      const minusSuf = sufLen ? s.slice(0, -sufLen) : s;
      if (sufLen && minusSuf && this.isSpecial(minusSuf)) {
        s = minusSuf;
        suf.push(suffix);
        break;
      }
      if (preLen && sufLen && preLen + sufLen <= s.length) {
        s = s.slice(preLen, s.length - sufLen);
        pre.push(prefix);
        suf.push(suffix);
      } else if (preLen) {
        s = minusPre;
        pre.push(prefix);
      } else if (sufLen) {
        s = minusSuf;
        suf.push(suffix);
      }
    }
    const toks = pre;
    if (s) {
      if (this.isSpecial(s)) toks.push(...this.specialOf(s));
      else if (URL.test(s)) toks.push(s);
      else {
        let start = 0;
        for (const m of s.matchAll(this.infix)) {
          const at = m.index ?? 0;
          if (at === 0 || m[0].length === 0) continue;
          if (at > start) toks.push(s.slice(start, at));
          toks.push(m[0]);
          start = at + m[0].length;
        }
        if (start < s.length) toks.push(s.slice(start));
      }
    }
    toks.push(...suf.reverse());
    return toks.length > 1 ? this.rejoin(toks) : toks;
  }

  /** spaCy's special-case pass over the split pieces: "Sept" "." → "Sept.", ")" ":" → "):". */
  private rejoin(toks: string[]): string[] {
    const out: string[] = [];
    let i = 0;
    while (i < toks.length) {
      let joined = false;
      for (const k of [3, 2]) {
        if (i + k <= toks.length) {
          const piece = toks.slice(i, i + k).join("");
          if (this.isSpecial(piece)) {
            out.push(...this.specialOf(piece));
            i += k;
            joined = true;
            break;
          }
        }
      }
      if (!joined) out.push(toks[i++] ?? "");
    }
    return out;
  }
}
