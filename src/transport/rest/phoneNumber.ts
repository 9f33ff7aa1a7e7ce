/**
 * Makes a number typed by a person dialable (REST `dial`): `+CC` becomes `00CC`, a national `0`
 * written as `(0)` after the country code is dropped, and everything a PBX cannot dial (spaces,
 * dots, dashes, other parentheses, letters such as a `tel:` prefix) is removed.
 * `+33 (0)1 23 45 67 89` → `0033123456789`; `+39 06 1234 5678` keeps its 0 → `00390612345678`.
 */
export function sanitizePhoneNumber(input: string): string {
  const kept = input.replace(/\(\s*0\s*\)/g, '').replace(/[^0-9*#+]/g, '');
  // Only a leading + means "international"; a + anywhere else is a typo.
  return kept.startsWith('+') ? `00${kept.slice(1).replace(/\+/g, '')}` : kept.replace(/\+/g, '');
}
