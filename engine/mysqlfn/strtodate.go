package mysqlfn

import (
	"strings"
	"time"
)

// DateTime is a civil date and time of day as STR_TO_DATE reads it. A
// field the format did not set is 0.
type DateTime struct {
	Year, Month, Day             int
	Hour, Minute, Second, Micros int
}

// Time returns d as a time.Time in UTC.
func (d DateTime) Time() time.Time {
	return time.Date(d.Year, time.Month(d.Month), d.Day, d.Hour, d.Minute, d.Second, d.Micros*1000, time.UTC)
}

// ValidDate reports whether d's date is a real calendar day in MySQL's
// range (no zero month or day, no February 30th).
func (d DateTime) ValidDate() bool {
	if d.Year < 0 || d.Year > 9999 || d.Month < 1 || d.Month > 12 || d.Day < 1 {
		return false
	}
	return d.Day <= daysIn(d.Year, d.Month)
}

func daysIn(year, month int) int {
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// The names %M/%b and %W/%a read (MySQL's en_US locale).
var (
	monthNames   = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
	abMonthNames = []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
	dayNames     = []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
	abDayNames   = []string{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}
)

// dateSpecifiers and timeSpecifiers decide STR_TO_DATE's result type.
const (
	dateSpecifiers = "abcDdejMmUuVvWwXxYy"
	timeSpecifiers = "fHhIiklprSsT"
)

// FormatParts reports whether a STR_TO_DATE format reads a date, a time
// of day and fractional seconds: MySQL's result is DATE, TIME or
// DATETIME accordingly (DATETIME when it reads both or neither).
func FormatParts(format string) (date, clock, frac bool) {
	for i := 0; i+1 < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		i++
		c := format[i]
		date = date || strings.IndexByte(dateSpecifiers, c) >= 0
		clock = clock || strings.IndexByte(timeSpecifiers, c) >= 0
		frac = frac || c == 'f'
	}
	return date, clock, frac
}

// parseState is what the specifiers read; weeks are resolved at the end.
type parseState struct {
	d          DateTime
	yearday    int
	weekNumber int  // -1: no %U %u %V %v
	weekday    int  // 1..7 (Monday..Sunday); 0: no %W %a %w
	sundayWeek bool // %U or %V: weeks start on Sunday
	strictWeek bool // %V or %v: weeks of a %X/%x year
	weekYear   int  // -1: no %X %x
	weekYearX  bool // %X (Sunday weeks) rather than %x
}

// ParseDate reads value by a MySQL date format, as STR_TO_DATE does.
// ok is false where MySQL returns NULL: the value does not match the
// format, or a field is out of range. Characters after the format's end
// are ignored (MySQL warns about them: Trailing reports them). Whether
// the date itself is a valid day is left to the caller (ValidDate), as
// a format may read only a time of day.
func ParseDate(value, format string) (d DateTime, trailing bool, ok bool) {
	st := parseState{weekNumber: -1, weekYear: -1}
	rest, ok := st.parse(value, format)
	if !ok || !st.resolveDays() {
		return DateTime{}, false, false
	}
	d = st.d
	if d.Month > 12 || d.Day > 31 || d.Hour > 23 || d.Minute > 59 || d.Second > 59 {
		return DateTime{}, false, false
	}
	return d, strings.TrimLeft(rest, " \t\r\n") != "", true
}

// parse reads value by format and returns what is left of value. It is
// called again for %r and %T with their own formats.
func (st *parseState) parse(value, format string) (string, bool) {
	usaTime, daypart := false, 0
	val := value
	for i := 0; i < len(format) && val != ""; i++ {
		val = strings.TrimLeft(val, " \t\r\n")
		if val == "" {
			break
		}
		c := format[i]
		if c != '%' || i+1 == len(format) {
			if !isSpace(c) {
				if val[0] != c {
					return "", false
				}
				val = val[1:]
			}
			continue
		}
		i++
		var ok bool
		switch spec := format[i]; spec {
		case 'h', 'I', 'l':
			usaTime = true
			st.d.Hour, val, ok = readInt(val, 2)
		case 'p':
			if !usaTime || len(val) < 2 {
				return "", false
			}
			switch strings.ToUpper(val[:2]) {
			case "PM":
				daypart = 12
			case "AM":
				daypart = 0
			default:
				return "", false
			}
			val, ok = val[2:], true
		case 'r':
			val, ok = st.parse(val, "%I:%i:%S %p")
		case 'T':
			val, ok = st.parse(val, "%H:%i:%S")
		default:
			val, ok = st.field(spec, val)
		}
		if !ok {
			return "", false
		}
	}
	if usaTime {
		if st.d.Hour > 12 || st.d.Hour < 1 {
			return "", false
		}
		st.d.Hour = st.d.Hour%12 + daypart
	}
	return val, true
}

// field reads one specifier other than the 12-hour clock's.
func (st *parseState) field(spec byte, val string) (string, bool) {
	var ok bool
	switch spec {
	case 'Y':
		n := len(val)
		st.d.Year, val, ok = readInt(val, 4)
		if ok && n-len(val) <= 2 {
			st.d.Year = year2000(st.d.Year)
		}
	case 'y':
		st.d.Year, val, ok = readInt(val, 2)
		st.d.Year = year2000(st.d.Year)
	case 'm', 'c':
		st.d.Month, val, ok = readInt(val, 2)
	case 'd', 'e':
		st.d.Day, val, ok = readInt(val, 2)
	case 'D':
		st.d.Day, val, ok = readInt(val, 2)
		val = val[min(len(val), 2):] // the suffix: st, nd, rd, th
	case 'H', 'k':
		st.d.Hour, val, ok = readInt(val, 2)
	case 'i':
		st.d.Minute, val, ok = readInt(val, 2)
	case 's', 'S':
		st.d.Second, val, ok = readInt(val, 2)
	case 'f':
		n := len(val)
		st.d.Micros, val, ok = readInt(val, 6)
		for digits := n - len(val); ok && digits < 6; digits++ {
			st.d.Micros *= 10
		}
	case 'j':
		st.yearday, val, ok = readInt(val, 3)
	case 'M':
		st.d.Month, val, ok = readWord(val, monthNames)
	case 'b':
		st.d.Month, val, ok = readWord(val, abMonthNames)
	case 'W':
		st.weekday, val, ok = readWord(val, dayNames)
	case 'a':
		st.weekday, val, ok = readWord(val, abDayNames)
	case 'w':
		st.weekday, val, ok = readInt(val, 1)
		if ok && st.weekday > 6 {
			return "", false
		}
		if st.weekday == 0 {
			st.weekday = 7 // %w counts from Sunday = 0; %W from Monday = 1
		}
	case 'U', 'u', 'V', 'v':
		st.sundayWeek = spec == 'U' || spec == 'V'
		st.strictWeek = spec == 'V' || spec == 'v'
		st.weekNumber, val, ok = readInt(val, 2)
		if ok && ((st.strictWeek && st.weekNumber == 0) || st.weekNumber > 53) {
			return "", false
		}
	case 'X', 'x':
		st.weekYearX = spec == 'X'
		st.weekYear, val, ok = readInt(val, 4)
	case '%':
		if val[0] != '%' {
			return "", false
		}
		val, ok = val[1:], true
	case '.': // any punctuation
		val, ok = strings.TrimLeftFunc(val, isPunct), true
	case '@': // any letters
		val, ok = strings.TrimLeftFunc(val, isLetter), true
	case '#': // any digits
		val, ok = strings.TrimLeftFunc(val, isDigit), true
	}
	return val, ok
}

// resolveDays turns a day of the year (%j) or a week and weekday into
// the month and day, as MySQL does after reading all fields.
func (st *parseState) resolveDays() bool {
	if st.yearday > 0 {
		t := time.Date(st.d.Year, 1, st.yearday, 0, 0, 0, 0, time.UTC)
		if !st.setDate(t) {
			return false
		}
	}
	if st.weekNumber < 0 || st.weekday == 0 {
		return true
	}
	// %V and %v need %X and %x respectively; %U and %u go with %Y.
	if st.strictWeek && (st.weekYear < 0 || st.weekYearX != st.sundayWeek) ||
		!st.strictWeek && st.weekYear >= 0 {
		return false
	}
	year := st.d.Year
	if st.strictWeek {
		year = st.weekYear
	}
	jan1 := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
	var days int
	if st.sundayWeek {
		first := int(jan1.Weekday()) // 0 = Sunday
		if first != 0 {
			days = 7 - first
		}
		days += (st.weekNumber-1)*7 + st.weekday%7
	} else {
		first := (int(jan1.Weekday()) + 6) % 7 // 0 = Monday
		if first > 3 {
			days = 7
		}
		days += -first + (st.weekNumber-1)*7 + st.weekday - 1
	}
	return st.setDate(jan1.AddDate(0, 0, days))
}

// setDate stores t's date when it is in MySQL's range of day numbers.
func (st *parseState) setDate(t time.Time) bool {
	if t.Year() < 0 || t.Year() > 9999 {
		return false
	}
	st.d.Year, st.d.Month, st.d.Day = t.Year(), int(t.Month()), t.Day()
	return true
}

// year2000 maps a two-digit year as MySQL does: 00-69 → 2000-2069,
// 70-99 → 1970-1999.
func year2000(y int) int {
	switch {
	case y < 70:
		return y + 2000
	case y < 100:
		return y + 1900
	}
	return y
}

// readInt reads an unsigned decimal of at most width digits.
func readInt(s string, width int) (int, string, bool) {
	n, i := 0, 0
	for ; i < len(s) && i < width && isDigit(rune(s[i])); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n, s[i:], i > 0
}

// readWord reads a run of letters and finds it in names, case-insensitive:
// an exact name or a prefix of exactly one. It returns the name's 1-based
// position.
func readWord(s string, names []string) (int, string, bool) {
	end := 0
	for end < len(s) && isLetter(rune(s[end])) {
		end++
	}
	word, found := s[:end], 0
	if word == "" {
		return 0, s, false
	}
	for i, n := range names {
		if strings.EqualFold(n, word) {
			return i + 1, s[end:], true
		}
		if len(word) < len(n) && strings.EqualFold(n[:len(word)], word) {
			if found != 0 {
				return 0, s, false // ambiguous prefix (Ma: March or May)
			}
			found = i + 1
		}
	}
	return found, s[end:], found != 0
}

func isSpace(c byte) bool  { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }
func isDigit(r rune) bool  { return r >= '0' && r <= '9' }
func isLetter(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }
func isPunct(r rune) bool  { return r < 128 && r > ' ' && !isDigit(r) && !isLetter(r) && r != 127 }
