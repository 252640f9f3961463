package gen

import (
	"strconv"
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// Identity noise: phones and postcodes of contacts, planted duplicate
// records of one person (the ground truth goes to duplicates.csv), and
// anonymous visitors stitched to contacts by an identifying event. It
// draws from a stream of its own, so the rest of a contact is what it
// would be without it.

// streamIdentity is the identity stream; apart from random.go's.
const streamIdentity uint64 = 5<<60 | 0x1d

// Identity parameters.
const (
	// DefaultDuplicateShare is the share of contacts that are a second
	// record of an earlier contact (Config.DuplicateShare).
	DefaultDuplicateShare = 0.04
	twinWindow            = 400 // a duplicate copies one of the previous 400 contacts
	phoneShare            = 0.7 // contacts with a phone number
	visitorShare          = 0.3 // contacts who browsed anonymously before signing up
	strangerShare         = 0.1 // contacts whose block holds a visitor who never identifies
)

// Kinds of planted duplicates, as duplicates.csv names them.
const (
	dupCase  = iota // the e-mail in another case, maybe with spaces around
	dupGmail        // a gmail address with dots, a plus-tag or googlemail.com
	dupPhone        // another e-mail; the same phone in another format
	dupTypo         // another e-mail, no phone, a typo in the name, the same postcode
)

var dupNames = [...]string{"email_case", "email_gmail", "phone_format", "name_typo"}

// DuplicatesFile is the ground truth of planted duplicates.
const DuplicatesFile = "duplicates.csv"

// DuplicateColumns are its columns: a duplicate record, the original
// record of the same person it was made from, and how it differs.
var DuplicateColumns = []string{"customer_id", "duplicate_of", "variant"}

// identity is the part of a contact this file adds.
type identity struct {
	phone    *phonenumbers.PhoneNumber // nil: none
	phoneFmt int
	postcode string
	twinOf   int64 // the original of a planted duplicate, 0 for an original
	variant  int
	visitor  string // anonymous visitor id before signup, "" for none
	stranger string // a visitor in the contact's block who never identifies
}

// twinTarget draws whether contact id is a planted duplicate, and of
// which earlier contact: the first draws of id's identity stream.
func (g *generator) twinTarget(r *rng, id int64) int64 {
	r.reseed(g.cfg.Seed, streamIdentity, uint64(id))
	if id < 2 || !r.bernoulli(g.cfg.DuplicateShare) {
		return 0
	}
	return id - 1 - r.Int64N(min(id-1, twinWindow))
}

// startIdentity decides, before contact id is generated, whether it is a
// duplicate; for one, it generates the original (following duplicates of
// duplicates back to an original) into g.orig. g.ri is left on id's
// stream.
func (g *generator) startIdentity(id int64) {
	root := g.twinTarget(g.ri, id)
	g.id = identity{twinOf: root}
	if root == 0 {
		return
	}
	for t := g.twinTarget(g.rj, root); t != 0; t = g.twinTarget(g.rj, root) {
		root = t
	}
	g.id.twinOf = root
	g.r.reseed(g.cfg.Seed, streamContact, uint64(root)) // as contact() does
	g.profile(&g.orig, root)
	g.ownIdentity(&g.orig, &g.origID, g.rj) // g.rj is on root's stream, past its draw
}

// finishIdentity completes contact c after its profile (before its
// orders, which follow its country): its own phone and postcode, or, for
// a duplicate, the original's made different.
func (g *generator) finishIdentity(c *contact) {
	if g.id.twinOf == 0 {
		g.ownIdentity(c, &g.id, g.ri)
	} else {
		g.plantDuplicate(c)
	}
}

// ownIdentity draws an original contact's phone and postcode.
func (g *generator) ownIdentity(c *contact, id *identity, r *rng) {
	id.phone, id.phoneFmt = nil, r.IntN(len(phoneFormats))
	if r.bernoulli(phoneShare) {
		id.phone = mobile(r, c.country.code)
	}
	id.postcode = postcode(r, c.country.code)
}

// mobile returns a valid mobile number of region: its example number with
// all but the first three digits drawn, at most the last eight (nil if no
// draw is valid).
func mobile(r *rng, region string) *phonenumbers.PhoneNumber {
	ex := phonenumbers.GetExampleNumberForType(region, phonenumbers.MOBILE)
	if ex == nil {
		return nil
	}
	nsn := phonenumbers.GetNationalSignificantNumber(ex)
	keep := max(3, len(nsn)-8)
	for range 5 {
		b := []byte(nsn)
		for i := keep; i < len(b); i++ {
			b[i] = byte('0' + r.IntN(10))
		}
		n, err := phonenumbers.Parse("+"+strconv.Itoa(int(ex.GetCountryCode()))+string(b), "")
		if err == nil && phonenumbers.IsValidNumber(n) {
			return n
		}
	}
	return nil
}

// phoneFormats write one number the ways people type it.
var phoneFormats = []func(n *phonenumbers.PhoneNumber) string{
	func(n *phonenumbers.PhoneNumber) string { return phonenumbers.Format(n, phonenumbers.E164) },
	func(n *phonenumbers.PhoneNumber) string { return phonenumbers.Format(n, phonenumbers.INTERNATIONAL) },
	func(n *phonenumbers.PhoneNumber) string { return phonenumbers.Format(n, phonenumbers.NATIONAL) },
	func(n *phonenumbers.PhoneNumber) string {
		return "00" + strconv.Itoa(int(n.GetCountryCode())) + " " + phonenumbers.GetNationalSignificantNumber(n)
	},
	func(n *phonenumbers.PhoneNumber) string {
		return strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, phonenumbers.Format(n, phonenumbers.NATIONAL))
	},
}

// postcodePatterns: 9 a digit, A a capital letter.
var postcodePatterns = map[string]string{
	"DE": "99999", "FR": "99999", "IT": "99999", "ES": "99999", "US": "99999",
	"AT": "9999", "CH": "9999", "BE": "9999", "DK": "9999",
	"NL": "9999 AA", "GB": "AA9 9AA", "PL": "99-999", "SE": "999 99", "CZ": "999 99", "IE": "A99 A9A9",
}

func postcode(r *rng, country string) string {
	p := postcodePatterns[country]
	if p == "" {
		p = "99999"
	}
	b := []byte(p)
	for i, ch := range b {
		switch ch {
		case '9':
			b[i] = byte('0' + r.IntN(10))
		case 'A':
			b[i] = byte('A' + r.IntN(26))
		}
	}
	return string(b)
}

// plantDuplicate turns c into a second record of g.orig: the original's
// name, country and city, and contact data that differ the way the
// variant says.
func (g *generator) plantDuplicate(c *contact) {
	r, o, oid := g.ri, &g.orig, &g.origID
	c.first, c.last, c.gender, c.country, c.ci, c.city = o.first, o.last, o.gender, o.country, o.ci, o.city
	id := &g.id
	id.postcode, id.phone, id.phoneFmt = oid.postcode, oid.phone, oid.phoneFmt
	id.variant = []int{dupCase, dupCase, dupCase, dupGmail, dupGmail, dupPhone, dupPhone, dupTypo, dupTypo, dupTypo}[r.IntN(10)]
	gmail := strings.HasSuffix(o.email, "@gmail.com")
	if id.variant == dupGmail && !gmail || id.variant == dupPhone && oid.phone == nil {
		id.variant = dupCase
	}
	switch id.variant {
	case dupCase:
		c.email = caseVariant(r, o.email)
	case dupGmail:
		c.email = gmailVariant(r, o.email)
	case dupPhone:
		c.email = otherEmail(c)
		id.phoneFmt = (oid.phoneFmt + 1 + r.IntN(len(phoneFormats)-1)) % len(phoneFormats)
	case dupTypo:
		c.email, id.phone = otherEmail(c), nil
		if r.bernoulli(0.5) {
			c.last = typo(r, c.last)
		} else {
			c.first = typo(r, c.first)
		}
		if r.bernoulli(0.5) {
			id.postcode = strings.ToLower(strings.ReplaceAll(id.postcode, " ", ""))
		}
	}
}

// caseVariant writes an address in another case, sometimes with spaces.
func caseVariant(r *rng, e string) string {
	local, domain, _ := strings.Cut(e, "@")
	switch r.IntN(3) {
	case 0:
		e = strings.ToUpper(e)
	case 1:
		e = strings.ToUpper(local[:1]) + local[1:] + "@" + strings.ToUpper(domain)
	default:
		e = local + "@" + strings.ToUpper(domain[:1]) + domain[1:]
	}
	if r.bernoulli(0.3) {
		e = " " + e + " "
	}
	return e
}

// gmailVariant adds dots or a plus-tag to a gmail address, or moves it to
// googlemail.com: the same mailbox.
func gmailVariant(r *rng, e string) string {
	local, _, _ := strings.Cut(e, "@")
	switch r.IntN(3) {
	case 0:
		var b strings.Builder
		for i := 0; i < len(local); i++ {
			b.WriteByte(local[i])
			if i+1 < len(local) && local[i] != '.' && local[i+1] != '.' && r.bernoulli(0.25) {
				b.WriteByte('.')
			}
		}
		return b.String() + "@gmail.com"
	case 1:
		return local + "+" + []string{"shop", "news", "promo", "2025"}[r.IntN(4)] + "@gmail.com"
	}
	return local + "@googlemail.com"
}

// otherEmail is a new address of the person on a domain of its country,
// unique by the record's id.
func otherEmail(c *contact) string {
	first := asciiFold.Replace(strings.ToLower(c.first))
	last := asciiFold.Replace(strings.ToLower(c.last))
	d := c.country.domains[len(c.country.domains)-1]
	return first + "." + last + ".alt" + strconv.FormatInt(c.id, 10) + "@" + d
}

// typo swaps, drops or doubles one letter after the first of a name.
func typo(r *rng, s string) string {
	rs := []rune(s)
	if len(rs) < 3 {
		return s
	}
	i := 1 + r.IntN(len(rs)-2)
	switch r.IntN(3) {
	case 0:
		rs[i], rs[i+1] = rs[i+1], rs[i]
		if rs[i] == rs[i+1] { // swapping equal letters changes nothing: drop one
			rs = append(rs[:i], rs[i+1:]...)
		}
	case 1:
		rs = append(rs[:i], rs[i+1:]...)
	default:
		rs = append(rs[:i+1], rs[i:]...)
	}
	return string(rs)
}

// Who an event belongs to.
const (
	whoContact  uint8 = iota // the contact (customer_id only)
	whoAnon                  // the contact's visitor before signing up (visitor_id only)
	whoIdentify              // the visitor identifying as the contact (both)
	whoStranger              // a visitor who never identifies (visitor_id only)
)

// visitors appends the anonymous visits of a contact's visitor before
// signup and the identifying visit at signup, and the visits of a
// stranger whose events share the contact's block of the file.
func (g *generator) visitors(c *contact) {
	r, cal, id := g.ri, g.cal, &g.id
	id.visitor, id.stranger = "", ""
	if r.bernoulli(visitorShare) {
		id.visitor = visitorID("v", g.cfg.Seed, c.id)
		for range 1 + r.IntN(3) {
			t := c.signup - r.Int64N(14*daySec) - 1
			if t >= 0 {
				g.events = append(g.events, event{at: t, typ: evSiteVisit, channel: chWeb, product: -1, who: whoAnon})
			}
		}
		g.events = append(g.events, event{at: c.signup, typ: evSiteVisit, channel: chWeb, product: -1, who: whoIdentify})
	}
	if r.bernoulli(strangerShare) {
		id.stranger = visitorID("a", g.cfg.Seed, c.id)
		for range 1 + r.IntN(2) {
			g.events = append(g.events, event{at: r.Int64N(cal.end()), typ: evSiteVisit, channel: chWeb, product: -1, who: whoStranger})
		}
	}
}

// visitorID is an opaque cookie-like id, unique per (prefix, seed, id).
func visitorID(prefix string, seed uint64, id int64) string {
	return prefix + "-" + strconv.FormatUint(splitmix64(seed^splitmix64(uint64(id)^streamIdentity)), 36)
}

// phoneText is the contact's phone as written, "" for none.
func (id *identity) phoneText() string {
	if id.phone == nil {
		return ""
	}
	return phoneFormats[id.phoneFmt](id.phone)
}
