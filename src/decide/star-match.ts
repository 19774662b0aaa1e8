// The linear wildcard match that env_keep patterns (over characters) and rule `args` (over
// tokens) share: pattern items in order, a star taking any run of the subject, and
// backtracking only to the last star, so a match costs at most pattern × subject steps.

/**
 * True when the whole subject fits the whole pattern. `isStar(p)`: pattern item `p` takes any
 * run (also none); `fits(p, s)`: pattern item `p` takes subject item `s` alone.
 */
export function starMatch(patternLength: number, subjectLength: number, isStar: (p: number) => boolean, fits: (p: number, s: number) => boolean): boolean {
  let p = 0;
  let s = 0;
  let star = -1;
  let resume = 0;
  while (s < subjectLength) {
    if (p < patternLength && isStar(p)) {
      star = p++;
      resume = s;
    } else if (p < patternLength && fits(p, s)) {
      p++;
      s++;
    } else if (star >= 0) {
      p = star + 1;
      s = ++resume;
    } else {
      return false;
    }
  }
  while (p < patternLength && isStar(p)) p++;
  return p === patternLength;
}
