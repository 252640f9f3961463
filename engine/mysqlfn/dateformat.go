package mysqlfn

import (
	"strings"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/expression/function"
	"github.com/dolthub/go-mysql-server/sql/types"
)

// DateFormatTwoDigitYear evaluates GMS's DATE_FORMAT, with %y written as
// MySQL writes it: the year's last two digits, zero-padded. GMS writes
// strconv of year % 100, so the year 2000 was 0 and 2005 was 5. A format
// with %y is evaluated as the same format with those two digits in
// place of each %y.
func DateFormatTwoDigitYear(ctx *sql.Context, df *function.DateFormat, row sql.Row) (any, error) {
	ch := df.Children()
	f, err := ch[1].Eval(ctx, row)
	if err != nil || f == nil {
		return nil, err
	}
	format, ok := f.(string)
	if !ok || !strings.Contains(format, "%y") {
		return df.Eval(ctx, row)
	}
	v, err := ch[0].Eval(ctx, row)
	if err != nil || v == nil {
		return nil, err
	}
	d, err := types.DatetimeMaxPrecision.ConvertWithoutRangeCheck(ctx, v)
	if err != nil {
		return df.Eval(ctx, row) // GMS's answer for what is no date
	}
	fixed := function.NewDateFormat(expression.NewLiteral(d, types.DatetimeMaxPrecision),
		expression.NewLiteral(TwoDigitYearFormat(format, d.Year()), types.LongText))
	return fixed.Eval(ctx, nil)
}

// TwoDigitYearFormat is format with each %y specifier replaced by the
// year's last two digits (a literal to DATE_FORMAT); %% pairs are kept.
func TwoDigitYearFormat(format string, year int) string {
	yy := []byte{byte('0' + year%100/10), byte('0' + year%10)}
	var b strings.Builder
	for i := 0; i < len(format); i++ {
		if format[i] != '%' || i+1 == len(format) {
			b.WriteByte(format[i])
			continue
		}
		i++
		if format[i] == 'y' {
			b.Write(yy)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(format[i])
	}
	return b.String()
}
