package policies

import "testing"

func TestControlCharacter(t *testing.T) {
	for _, c := range []struct {
		in        string
		multiLine bool
		bad       bool
	}{
		{"総務課", false, false}, {"a\x00b", false, true}, {"\x1b[31m", false, true}, {"ring\a", false, true},
		{"del\x7f", false, true}, {"c1\u0085", false, true}, {"tab\there", false, true}, {"two\nlines", false, true},
		{"tab\there", true, false}, {"two\r\nlines", true, false}, {"nul\x00", true, true},
	} {
		if _, bad := ControlCharacter(c.in, c.multiLine); bad != c.bad {
			t.Errorf("%q (multi-line %v): %v, want %v", c.in, c.multiLine, bad, c.bad)
		}
	}
}

func TestKanaReading(t *testing.T) {
	for in, want := range map[string]string{
		"ヤマダ": "ヤマダ", "やまだ": "ヤマダ", "ﾔﾏﾀﾞ": "ヤマダ", "ﾊﾟｰｸ": "パーク", "ｳﾞｨｰﾅｽ": "ヴィーナス",
		"すずき　いちろう": "スズキ　イチロウ", " さとう  ": "サトウ", "ジョン・スミス": "ジョン・スミス", "ｼﾞｮﾝ ｽﾐｽ": "ジョン　スミス",
		"か\u3099": "ガ", "": "", "ゞ": "ヾ",
	} {
		got, ok := KanaReading(in)
		if !ok || got != want {
			t.Errorf("%q: %q %v, want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"Yamada", "山田", "ﾔﾏﾀﾞ1", "ﾞｱ", "ア\x00", "ヤマダ!", "ア ﾞ"} {
		if got, ok := KanaReading(in); ok {
			t.Errorf("%q was accepted as %q", in, got)
		}
	}
}
