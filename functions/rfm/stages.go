package rfm

// Windows are the lifecycle windows in days since the last valid order:
// within Active a customer is active; beyond Lapsed, lapsed (inactive);
// in between, at risk (defecting). Invariant: 1 ≤ Active ≤ Lapsed.
type Windows struct {
	Active, Lapsed int64
}

// Fallback windows when the data has no repurchase interval to derive
// them from (no customer has ordered on two different days).
var fallbackWindows = Windows{Active: 180, Lapsed: 365}

// Percentiles of the repurchase-interval distribution that set the
// windows, each repeat customer weighing the same: for the typical repeat
// customer 80% of their returns come within Active days of the previous
// order, 95% within Lapsed days.
const (
	activePct = 80
	lapsedPct = 95
)

// Interval is one repurchase interval of a customer who has N intervals
// in the window: it weighs 1/N, so every repeat customer weighs 1 however
// often they buy (a customer ordering weekly would otherwise outvote
// fifty who return twice a year).
type Interval struct {
	Days int64
	N    int32
}

// DeriveWindows sets the windows from repurchase intervals sorted by Days:
// the customer-weighted nearest-rank 80th and 95th percentiles (at least 1,
// Lapsed at least Active); fallbackWindows without any interval.
func DeriveWindows(intervals []Interval) Windows {
	if len(intervals) == 0 {
		return fallbackWindows
	}
	a := max(1, WeightedPercentile(intervals, activePct))
	return Windows{Active: a, Lapsed: max(a, WeightedPercentile(intervals, lapsedPct))}
}

// WeightedPercentile is the smallest Days whose cumulative weight (each
// interval 1/N) reaches pct% of the total weight, the number of customers
// (within 1e-9 of the total).
// iv is sorted by Days and not empty.
func WeightedPercentile(iv []Interval, pct int) int64 {
	var total float64
	for _, x := range iv {
		total += 1 / float64(x.N)
	}
	// The tolerance absorbs rounding in the sums, so a cumulative weight
	// that reaches the goal exactly (4 of 5 customers) counts as reached.
	goal := float64(pct)/100*total - 1e-9*total
	var cum float64
	for _, x := range iv {
		if cum += 1 / float64(x.N); cum >= goal {
			return x.Days
		}
	}
	return iv[len(iv)-1].Days
}

// Emarsys Smart Insight stages.
const (
	StageLead      = "lead"
	StageFirstTime = "first-time buyer"
	StageActive    = "active"
	StageDefecting = "defecting"
	StageInactive  = "inactive"
)

// EmarsysStage follows Emarsys Smart Insight's definitions
// (docs/analytics.md quotes them): lead without a valid order; inactive
// beyond the lapsed window; defecting beyond the active window (one order
// or more); within it first-time buyer (one order) or active (more).
func EmarsysStage(orders int32, recency int64, w Windows) string {
	switch {
	case orders == 0:
		return StageLead
	case recency > w.Lapsed:
		return StageInactive
	case recency > w.Active:
		return StageDefecting
	case orders == 1:
		return StageFirstTime
	}
	return StageActive
}

// EmarsysBuyerStatus names the eRFM monetary score m (1–5) as Emarsys
// Smart Insight's buyer statuses name its spending levels.
func EmarsysBuyerStatus(m uint8) string {
	if m < 1 || m > 5 {
		return ""
	}
	return [...]string{"low spender", "normal", "silver", "gold", "platinum"}[m-1]
}

// Emarsys Smart Insight lead statuses.
const (
	LeadNew      = "new lead"
	LeadActive   = "active lead"
	LeadCold     = "cold lead"
	LeadInactive = "inactive lead"
)

// Emarsys' default lead limits: a lead without a response for more than
// coldLeadDays is cold, for more than inactiveLeadDays inactive.
const (
	coldLeadDays     = engagementDays
	inactiveLeadDays = 2 * engagementDays
)

// EmarsysLeadStatus is a lead's status from its engagement, as Emarsys
// defines it (docs/analytics.md quotes it): active with a response (an
// open, click or visit) in the 90 days ending on as-of; else new when it
// signed up within those days (sinceSignup, as-of − signup day, below
// 90); else cold when its last response or its signup lies within the 180
// days ending on as-of; else inactive.
func EmarsysLeadStatus(recent, earlier bool, sinceSignup int64) string {
	switch {
	case recent:
		return LeadActive
	case sinceSignup < coldLeadDays:
		return LeadNew
	case earlier || sinceSignup < inactiveLeadDays:
		return LeadCold
	}
	return LeadInactive
}

// Ometria lifecycle statuses.
const (
	StatusLead   = "lead"
	StatusNew    = "new"
	StatusActive = "active"
	StatusAtRisk = "at risk"
	StatusLapsed = "lapsed"
)

// OmetriaStatus: lead without a valid order; lapsed beyond the lapsed
// window; at risk beyond the active window; within it new (one order) or
// active (two or more).
func OmetriaStatus(orders int32, recency int64, w Windows) string {
	switch {
	case orders == 0:
		return StatusLead
	case recency > w.Lapsed:
		return StatusLapsed
	case recency > w.Active:
		return StatusAtRisk
	case orders == 1:
		return StatusNew
	}
	return StatusActive
}

// BuyerStatus is "one-time" or "repeat"; "" (NULL) for leads.
func BuyerStatus(orders int32) string {
	switch {
	case orders == 0:
		return ""
	case orders == 1:
		return "one-time"
	}
	return "repeat"
}

// Value tiers.
const (
	TierLow      = "low"
	TierMedium   = "medium"
	TierHigh     = "high"
	TierVeryHigh = "very high"
)

// ValueTier compares the customer's average order value rev/orders with
// the base's baseRev/baseOrders: ratio < 0.75 low, < 1.25 medium, ≤ 2.5
// high, above very high. Compared exactly in integers (cross-multiplied);
// "" (NULL) for leads or an empty base.
func ValueTier(rev int64, orders int32, baseRev, baseOrders int64) string {
	if orders == 0 || baseOrders == 0 || baseRev <= 0 {
		return ""
	}
	lhs, rhs := rev*baseOrders, int64(orders)*baseRev // ratio = lhs/rhs
	switch {
	case 4*lhs < 3*rhs:
		return TierLow
	case 4*lhs < 5*rhs:
		return TierMedium
	case 2*lhs <= 5*rhs:
		return TierHigh
	}
	return TierVeryHigh
}

// FrequencyTier groups valid order counts: "0", "1", "2", "3-4", "5+".
func FrequencyTier(orders int32) string {
	switch {
	case orders <= 2:
		return [...]string{"0", "1", "2"}[max(orders, 0)]
	case orders <= 4:
		return "3-4"
	}
	return "5+"
}

// EngagementLevel groups the 0–100 engagement score: "none" (0), "low"
// (1–32), "medium" (33–66), "high" (67–100): thirds of the scale. With the
// default weights these are the 1–4, 5–19 and 20+ points of earlier
// releases.
func EngagementLevel(score int64) string {
	switch {
	case score <= 0:
		return "none"
	case score < 33:
		return "low"
	case score < 67:
		return "medium"
	}
	return "high"
}
