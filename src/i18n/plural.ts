/**
 * ICU-style plurals for the dictionaries: forms chosen by the language's CLDR plural rules (through
 * Intl.PluralRules, the same data ICU uses), exact matches first (`=0`), `#` for the number.
 */

/** The forms of one message: CLDR categories (`other` always), and exact values as `=n`. */
export type PluralForms = { readonly other: string } & Partial<Record<Intl.LDMLPluralRule | `=${number}`, string>>;

/** A plural chooser for one language: `plural(3, { one: '# day', other: '# days' })` → "3 days". */
export type Plural = (n: number, forms: PluralForms) => string;

/** Makes the chooser for a BCP 47 tag; numbers in `#` are written the language's way (1.000 in German). */
export function plurals(tag: string): Plural {
  const rules = new Intl.PluralRules(tag);
  const numbers = new Intl.NumberFormat(tag);
  return (n, forms) => {
    const form = forms[`=${n}`] ?? forms[rules.select(n)] ?? forms.other;
    return form.replaceAll('#', numbers.format(n));
  };
}
