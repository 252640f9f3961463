package unify

import (
	"testing"

	"github.com/adrg/strutil/metrics"
)

func TestEmail(t *testing.T) {
	gmail := &EmailOptions{DotDomains: map[string]bool{"gmail.com": true, "googlemail.com": true}}
	plusAll := &EmailOptions{DotDomains: gmail.DotDomains, PlusAll: true}
	for _, tc := range []struct {
		raw  string
		o    *EmailOptions
		want string
	}{
		{" Ana@Example.com ", gmail, "ana@example.com"},
		{"ANA@EXAMPLE.COM", nil, "ana@example.com"},
		{"j.o.h.n+news@gmail.com", gmail, "john@gmail.com"},
		{"John.Doe+x@GoogleMail.com", gmail, "johndoe@gmail.com"},
		{"john.doe+x@web.de", gmail, "john.doe+x@web.de"}, // not gmail-style: dots and tag stay
		{"john.doe+x@web.de", plusAll, "john.doe@web.de"},
		{"j.doe@gmail.com", nil, "j.doe@gmail.com"}, // no options: case and space only
		{"no-at-sign", gmail, ""},
		{"a@b@c.com", gmail, ""},
		{"@example.com", gmail, ""},
		{"ana@", gmail, ""},
		{"+tag@gmail.com", gmail, ""},
		{"ana smith@example.com", gmail, ""},
		{"", gmail, ""},
	} {
		if got := Email(tc.raw, tc.o); got != tc.want {
			t.Errorf("Email(%q) = %q, want %q", tc.raw, got, tc.want)
		}
	}
}

func TestPhone(t *testing.T) {
	for _, tc := range []struct{ raw, region, want string }{
		{"+49 30 1234567", "DE", "+49301234567"},
		{"030 1234567", "DE", "+49301234567"},
		{"030/123 45 67", "de", "+49301234567"},
		{"0049 30 1234567", "", "+49301234567"},
		{"+49 (0)30 1234567", "FR", "+49301234567"}, // the prefix wins over the region
		{"(020) 7946 0018", "GB", "+442079460018"},
		{"+1 206-555-0100", "", "+12065550100"},
		{"06 12 34 56 78", "FR", "+33612345678"},
		{"555-0100", "", ""}, // national number without a region
		{"12", "DE", ""},     // impossible length
		{"call me", "DE", ""},
		{"", "DE", ""},
	} {
		if got := Phone(tc.raw, tc.region); got != tc.want {
			t.Errorf("Phone(%q, %q) = %q, want %q", tc.raw, tc.region, got, tc.want)
		}
	}
}

func TestNameAndPostcode(t *testing.T) {
	for _, tc := range []struct{ raw, want string }{
		{"  Zoë  O'Brien-Müller ", "zoe o brien muller"},
		{"STRAßE", "strasse"},
		{"Łukasz", "lukasz"},
		{"Søren", "soren"},
		{"José María", "jose maria"},
		{"--", ""},
	} {
		if got := Name(tc.raw); got != tc.want {
			t.Errorf("Name(%q) = %q, want %q", tc.raw, got, tc.want)
		}
	}
	for _, tc := range []struct{ raw, want string }{
		{"sw1a 1aa", "SW1A1AA"}, {"10-115", "10115"}, {" 1012 ab ", "1012AB"}, {"", ""},
	} {
		if got := Postcode(tc.raw); got != tc.want {
			t.Errorf("Postcode(%q) = %q, want %q", tc.raw, got, tc.want)
		}
	}
}

// TestSimilarity checks Jaro-Winkler against the worked examples of
// Winkler (1990) as reproduced in the literature, and the pairs the
// package's fixtures rely on (worked by hand in the comments).
func TestSimilarity(t *testing.T) {
	jw := metrics.NewJaroWinkler()
	for _, tc := range []struct {
		a, b string
		want float64
	}{
		{"martha", "marhta", 0.9611}, // m=6, t=1: Jaro 0.9444, prefix 3
		{"dwayne", "duane", 0.8400},  // m=4, t=0: Jaro 0.8222, prefix 1
		{"dixon", "dicksonx", 0.8133},
		// m=7, t=1 (i d vs d i): Jaro (1+1+6/7)/3 = 0.9524, prefix 4
		{"schmidt", "schmdit", 0.9714},
		// window 2, m=3 (s c h), t=0: Jaro (3/7+3/6+1)/3 = 0.6429, prefix 3
		{"schmidt", "schulz", 0.7500},
		// window 2, m=6 (the second i unmatched), t=1: Jaro (6/7+1+5/6)/3 = 0.8968, prefix 3
		{"oliivia", "olivia", 0.9278},
		// window 1, m=3, t=0: Jaro (1+3/4+1)/3 = 0.9167, prefix 2
		{"jaa", "jana", 0.9333},
		{"same", "same", 1},
	} {
		got := Similarity(jw, tc.a, tc.b)
		if d := got - tc.want; d > 0.00005 || d < -0.00005 {
			t.Errorf("Similarity(%q, %q) = %.4f, want %.4f", tc.a, tc.b, got, tc.want)
		}
	}
	// Anna Schmidt vs Anna Schmdit: (1 + 0.9714) / 2; vs Anna Schulz: (1 + 0.75) / 2.
	if got := NameScore(jw, "anna", "schmidt", "anna", "schmdit"); got < 0.98565 || got > 0.98575 {
		t.Errorf("NameScore(Anna Schmidt, Anna Schmdit) = %.5f, want 0.9857", got)
	}
	if got := NameScore(jw, "anna", "schmidt", "anna", "schulz"); got < 0.87495 || got > 0.87505 {
		t.Errorf("NameScore(Anna Schmidt, Anna Schulz) = %.5f, want 0.8750", got)
	}
}

func TestNewRule(t *testing.T) {
	for _, tc := range []struct {
		kind, column, options string
		threshold             float64
		ok                    bool
	}{
		{"email", "", "dot_domains=gmail.com; plus_all", 0, true},
		{"EMAIL", "", "", 0, true},
		{"email", "", "dots=1", 0, false}, // unknown option
		{"phone", "", "region=DE", 0, true},
		{"name_postcode", "", "", 0.9, true},
		{"name_postcode", "", "", 1.5, false},
		{"exact", "", "", 0, false}, // needs a column
		{"exact", "city", "", 0, true},
		{"soundex", "", "", 0, false},
	} {
		_, err := NewRule("r", 1, tc.kind, tc.column, tc.threshold, tc.options)
		if (err == nil) != tc.ok {
			t.Errorf("NewRule(%s, %q, %q, %v): err %v, want ok=%v", tc.kind, tc.column, tc.options, tc.threshold, err, tc.ok)
		}
	}
	r, _ := NewRule("r", 1, "email", "", 0, "dot_domains=Example.com;plus_all=1")
	if !r.Email.DotDomains["example.com"] || r.Email.DotDomains["gmail.com"] || !r.Email.PlusAll {
		t.Errorf("options not applied: %+v", r.Email)
	}
}
