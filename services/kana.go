package services

import "github.com/kinmuchi/kinmuchi/policies"

// checkKana turns the reading in *dst into full-width katakana, or adds the
// field's error: the API, the CSV import and departments apply one rule.
func checkKana(v *Validator, field string, dst *string) {
	r, ok := policies.KanaReading(*dst)
	if !ok {
		v.Add(field, "not_kana", "よみはカタカナで入力してください（ひらがな・半角カナはカタカナに直します。使える記号は長音「ー」、中点「・」と空白です）。",
			"The reading must be katakana (hiragana and half-width kana are converted; only ー, ・ and spaces may accompany them).")
		return
	}
	*dst = r
}
