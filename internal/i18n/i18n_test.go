package i18n

import "testing"

func TestFromAcceptLanguage(t *testing.T) {
	cases := []struct {
		header string
		want   Lang
	}{
		{"", Ja},
		{"en", En},
		{"en-US,en;q=0.9", En},
		{"ja-JP,ja;q=0.9,en;q=0.8", Ja},
		{"fr-FR, en;q=0.5, ja;q=0.7", Ja},
		{"fr-FR, en;q=0.5", En},
		{"de", Ja},
		{"en;q=bogus, ja;q=0.1", Ja},
	}
	for _, c := range cases {
		if got := FromAcceptLanguage(c.header, Ja); got != c.want {
			t.Errorf("FromAcceptLanguage(%q) = %q, want %q", c.header, got, c.want)
		}
	}
}

func TestTextFallsBackToJapanese(t *testing.T) {
	if got := (Text{Ja: "こんにちは"}).In(En); got != "こんにちは" {
		t.Fatalf("got %q", got)
	}
}
