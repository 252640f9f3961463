package unify

import (
	"strings"
	"unicode"

	"github.com/nyaruka/phonenumbers"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Normalisers turn a raw field into its match key; "" means the field
// gives no key (empty or unusable) and never matches anything.

// EmailOptions say how far e-mail addresses are folded beyond case and
// surrounding whitespace.
type EmailOptions struct {
	// DotDomains are domains whose mailboxes ignore dots and plus-tags in
	// the local part (gmail-style); googlemail.com is folded into gmail.com
	// when both are listed.
	DotDomains map[string]bool
	// PlusAll strips a plus-tag (local+tag@) on every domain.
	PlusAll bool
}

// DefaultDotDomains are the gmail-style domains of the default e-mail rule.
const DefaultDotDomains = "gmail.com,googlemail.com"

// Email normalises an address: trimmed, lower-cased; on a gmail-style
// domain dots are removed from the local part and a plus-tag cut off.
// An address without exactly one '@' and text on both sides gives "".
func Email(raw string, o *EmailOptions) string {
	s := strings.ToLower(strings.TrimSpace(raw))
	at := strings.IndexByte(s, '@')
	if at <= 0 || at == len(s)-1 || strings.IndexByte(s[at+1:], '@') >= 0 || strings.ContainsAny(s, " \t") {
		return ""
	}
	local, domain := s[:at], s[at+1:]
	dots := o != nil && o.DotDomains[domain]
	if dots || o != nil && o.PlusAll {
		if p := strings.IndexByte(local, '+'); p >= 0 {
			local = local[:p]
		}
	}
	if dots {
		local = strings.ReplaceAll(local, ".", "")
		if domain == "googlemail.com" && o.DotDomains["gmail.com"] {
			domain = "gmail.com"
		}
	}
	if local == "" {
		return ""
	}
	return local + "@" + domain
}

// Phone normalises a phone number to E.164 (+4930123456). Numbers without
// an international prefix (+ or 00) are read as numbers of region (an ISO
// 3166-1 alpha-2 code, usually the customer's country). A number that does
// not parse, or is not a valid number of its country (libphonenumber's
// numbering plans), gives "".
func Phone(raw, region string) string {
	s := strings.TrimSpace(raw)
	if s == "" {
		return ""
	}
	if strings.HasPrefix(s, "00") {
		s = "+" + s[2:]
	}
	n, err := phonenumbers.Parse(s, strings.ToUpper(strings.TrimSpace(region)))
	if err != nil || !phonenumbers.IsValidNumber(n) {
		return ""
	}
	return phonenumbers.Format(n, phonenumbers.E164)
}

// foldMarks removes diacritics: é → e, ü → u (NFD, drop marks, NFC).
var foldMarks = transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)

// letters that do not decompose into a base letter and a mark.
var foldLetters = strings.NewReplacer("ß", "ss", "ø", "o", "æ", "ae", "œ", "oe", "ł", "l", "đ", "d", "ı", "i")

// Name normalises a person's name for fuzzy comparison: lower case,
// diacritics removed, every run of non-letters one space, trimmed.
// "  Zoë  O'Brien-Müller " → "zoe o brien muller".
func Name(raw string) string {
	s, _, err := transform.String(foldMarks, strings.ToLower(raw))
	if err != nil {
		s = strings.ToLower(raw)
	}
	s = foldLetters.Replace(s)
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsLetter(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteRune(r)
			space = false
		} else {
			space = true
		}
	}
	return b.String()
}

// Postcode normalises a postal code: upper case, without spaces, dashes
// and dots ("sw1a 1aa" → "SW1A1AA").
func Postcode(raw string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(strings.TrimSpace(raw)) {
		if r != ' ' && r != '-' && r != '.' && r != '\t' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Text is the normaliser of an exact rule on any other column: trimmed,
// lower case, inner whitespace collapsed.
func Text(raw string) string {
	return strings.Join(strings.Fields(strings.ToLower(raw)), " ")
}
