package gen

import (
	"math"
	"strconv"
	"strings"
)

// Purchase process parameters (BG/NBD-like). Each buyer gets a purchase
// rate λ ~ Gamma(rateShape, rateScale) per day and a dropout probability
// p ~ Beta(dropA, dropB); after every purchase the buyer becomes inactive
// for good with probability p. Repeat purchases follow a Poisson process of
// rate λ modulated by the calendar's seasonality (by thinning).
const (
	rateShape     = 2.5
	rateScale     = 0.06 // mean λ 0.15/day while active
	dropA         = 0.3  // U-shaped: buyers mostly drop at once or stay
	dropB         = 0.25
	maxOrders     = 250  // per contact over the two years
	sameSession   = 0.55 // first purchase right at signup
	firstDelayDay = 25.0 // mean days to first purchase otherwise
)

// Channels of orders and events.
const (
	chWeb uint8 = iota
	chApp
	chStore
	chMarketplace
	chEmail
)

var channelNames = [...]string{"web", "app", "store", "marketplace", "email"}

// contact is one row of customers.csv plus the hidden traits that drive
// its orders and events.
type contact struct {
	id       int64
	gender   string
	first    string
	last     string
	email    string
	birth    int64 // window time; meaningful when hasBirth
	hasBirth bool
	country  *country
	ci       int // index of country
	city     int
	signup   int64
	source   int
	optIn    bool  // consent to email; cleared by unsubscribing
	unsubAt  int64 // window time of unsubscribing, -1 if never
	updated  int64

	buyer   bool
	lapsed  bool    // dropped out of the purchase process
	engage  float64 // email engagement propensity
	channel uint8   // preferred order channel
	fav     int     // favourite subcategory, -1 until the first order
}

// people is a country's name pool with ASCII forms for email addresses.
type people struct {
	names
	femaleASCII, maleASCII, lastASCII []string
}

func newPeople() []people {
	out := make([]people, len(countries))
	for i, c := range countries {
		n := namesByLang[c.lang]
		out[i] = people{names: n,
			femaleASCII: asciiAll(n.female), maleASCII: asciiAll(n.male), lastASCII: asciiAll(n.last)}
	}
	return out
}

var asciiFold = strings.NewReplacer(
	"ä", "ae", "ö", "oe", "ü", "ue", "ß", "ss", "é", "e", "è", "e", "ê", "e", "ë", "e",
	"à", "a", "â", "a", "á", "a", "ą", "a", "å", "a", "ç", "c", "ć", "c", "í", "i", "ï", "i",
	"ñ", "n", "ń", "n", "ó", "o", "ô", "o", "ø", "o", "ú", "u", "ł", "l", "ś", "s", "ź", "z",
	"ż", "z", "ę", "e", "æ", "ae", "'", "", " ", "",
)

func asciiAll(in []string) []string {
	out := make([]string, len(in))
	for i, s := range in {
		out[i] = asciiFold.Replace(strings.ToLower(s))
	}
	return out
}

// profile fills in who contact id is: demographics, signup, acquisition
// source, consent and the hidden purchase and engagement traits.
func (g *generator) profile(c *contact, id int64) {
	r := g.r
	*c = contact{id: id, unsubAt: -1, fav: -1}
	ci := g.countryCum.pick(r)
	c.country, c.ci = &countries[ci], ci
	c.city = g.cityCum[ci].pick(r)
	p := &g.people[ci]
	var fi int
	var firstASCII string
	switch u := r.Float64(); {
	case u < 0.52:
		c.gender, fi = "F", r.IntN(len(p.female))
		c.first, firstASCII = p.female[fi], p.femaleASCII[fi]
	case u < 0.94:
		c.gender, fi = "M", r.IntN(len(p.male))
		c.first, firstASCII = p.male[fi], p.maleASCII[fi]
	default:
		c.gender, fi = "U", r.IntN(len(p.female))
		c.first, firstASCII = p.female[fi], p.femaleASCII[fi]
	}
	li := r.IntN(len(p.last))
	c.last = p.last[li]
	c.email = email(r, firstASCII, p.lastASCII[li], id, c.country.domains)

	day := int64(g.cal.signups.pick(r))
	c.signup = day*daySec + g.cal.timeOfDay(r)
	if c.hasBirth = r.bernoulli(0.78); c.hasBirth {
		age := math.Min(80, math.Max(18, 38+12*r.NormFloat64()))
		c.birth = c.signup - int64(age*365.25*daySec)
	}
	c.source = g.sourceCum.pick(r)
	src := &sources[c.source]
	c.optIn = r.bernoulli(src.optInAt)
	c.buyer = !r.bernoulli(src.leads)
	c.engage = r.beta(1.5, 4)
	c.channel = preferredChannel(r, src.name == "marketplace")
	c.updated = c.signup
}

// email builds a unique address: the contact id ends the local part, and
// names carry no digits, so distinct ids give distinct addresses.
func email(r *rng, first, last string, id int64, domains []string) string {
	var b strings.Builder
	switch r.IntN(3) {
	case 0:
		b.WriteString(first)
		b.WriteByte('.')
		b.WriteString(last)
	case 1:
		b.WriteString(first[:1])
		b.WriteString(last)
	default:
		b.WriteString(first)
		b.WriteByte('_')
		b.WriteString(last[:min(3, len(last))])
	}
	b.WriteString(strconv.FormatInt(id, 10))
	b.WriteByte('@')
	d := 0 // the first domain (gmail.com) takes half
	if r.bernoulli(0.5) {
		d = r.IntN(len(domains))
	}
	b.WriteString(domains[d])
	return b.String()
}

func preferredChannel(r *rng, marketplace bool) uint8 {
	if marketplace && r.bernoulli(0.7) {
		return chMarketplace
	}
	switch u := r.Float64(); {
	case u < 0.58:
		return chWeb
	case u < 0.80:
		return chApp
	case u < 0.92:
		return chStore
	}
	return chMarketplace
}

// purchaseDays appends the days (fractional, window-relative) on which
// buyer c orders, in increasing order.
func (g *generator) purchaseDays(c *contact, dst []float64) []float64 {
	r, cal := g.r, g.cal
	days := float64(cal.days)
	signup := float64(c.signup) / daySec
	first := signup + 0.001 // same session, fixed up to minutes later
	if !r.bernoulli(sameSession) {
		first = signup + r.ExpFloat64()*firstDelayDay
	}
	if first >= days {
		first = signup + r.Float64()*(days-signup)
	}
	dst = append(dst, first)
	lambda := r.gamma(rateShape, rateScale) * cal.orderMax
	p := r.beta(dropA, dropB)
	t := first
	for len(dst) < maxOrders {
		if r.bernoulli(p) {
			c.lapsed = true
			return dst
		}
		for { // thinning: candidates at the peak rate, kept by season
			t += r.ExpFloat64() / lambda
			if t >= days {
				return dst
			}
			if r.Float64()*cal.orderMax < cal.orderF[int(t)] {
				break
			}
		}
		dst = append(dst, t)
	}
	return dst
}
