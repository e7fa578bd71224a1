package billing

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
)

// standings are one product's additions on one agreement, by [Standing], each sorted by ID.
type standings struct {
	live, cancelledIn, later []Addition
}

func standingsOf(all []Addition, product int, period Period) standings {
	var s standings
	for _, a := range all {
		if a.ProductID != product {
			continue
		}
		switch period.Standing(a) {
		case Live:
			s.live = append(s.live, a)
		case CancelledIn:
			s.cancelledIn = append(s.cancelledIn, a)
		case Later:
			s.later = append(s.later, a)
		}
	}
	for _, l := range []*[]Addition{&s.live, &s.cancelledIn, &s.later} {
		slices.SortFunc(*l, byID)
	}
	return s
}

func byID(a, b Addition) int { return cmp.Compare(a.ID, b.ID) }

// conflicted reports a product whose period a person must resolve whatever the usage says.
func (s standings) conflicted() bool { return len(s.cancelledIn) > 0 || len(s.live) > 1 }

// LiveAdditions returns the additions of product that are [Live] in the period, sorted by
// ID. The executor uses it to look an addition up again after an ambiguous create.
func LiveAdditions(all []Addition, product int, period Period) []Addition {
	return standingsOf(all, product, period).live
}

// LegacyDescription is the description older versions of the sync gave the additions they
// created ("NordLayer: core-license (managed by Terraform)"). Customers read it on their
// invoices, so the sync no longer writes it; an addition that carries it is still
// recognised as the sync's own by [Duplicates].
func LegacyDescription(integration, sku string) string {
	desc := sku + " (managed by Terraform)"
	if integration != "" {
		desc = integration + ": " + desc
	}
	return desc
}

// Duplicates decides, right after the sync created an addition like created, which of the
// product's additions (all, as read back from the agreement) two runs at once left behind.
// When more than one addition is live in the period, the lowest ID is kept. The others
// that are the sync's own are returned to be ended: they are additions of the same product
// (catalog item) with created's effective date that were not on the agreement when this run
// read it (before: the IDs it read then), or that carry the old marker description
// (legacy). The effective date is how the sync marks its additions without a word on the
// invoice: it comes from the agreement's billing calendar, and invoices print no dates of
// additions. The caller ends them with quantity 0 and cancelledDate = effective date, so
// they bill nothing however ConnectWise treats a one-day addition. Other live additions are
// left for the next run to report as a Conflict.
func Duplicates(all []Addition, created NewAddition, period Period, before map[int]bool, legacy string) (keep int, end []Addition) {
	live := LiveAdditions(all, created.ProductID, period)
	if len(live) == 0 {
		return 0, nil
	}
	for _, a := range live[1:] {
		ours := !before[a.ID] || (legacy != "" && a.Description == legacy)
		if ours && a.EffectiveDate != nil && day(*a.EffectiveDate) == day(created.EffectiveDate) {
			end = append(end, a)
		}
	}
	return live[0].ID, end
}

// decide fills in a line that may write: Conflict, Create, Update or None.
func decide(ch *Change, s standings, p Product, item *CatalogItem, ag *Agreement, effective time.Time) {
	period := ch.Period
	switch {
	case len(s.cancelledIn) == 0 && len(s.live) > 1:
		ids := idsOf(s.live)
		ch.Kind, ch.ConflictIDs = Conflict, ids
		ch.Reason = fmt.Sprintf("%d active additions for catalog item %d on agreement %d (IDs %s): nothing is written until a person keeps one",
			len(ids), ch.CatalogItemID, ch.AgreementID, joinInts(ids))
	case s.conflicted():
		conflict(ch, slices.SortedFunc(slices.Values(append(slices.Clone(s.live), s.cancelledIn...)), byID), period)
	case len(s.live) == 0 && *ch.Desired > 0 && len(s.later) > 0:
		conflict(ch, s.later, period)
	case len(s.live) == 0 && *ch.Desired > 0:
		ch.Kind = Create
		ch.New = newAddition(p, item, *ch.Desired, effective)
		ch.Reason = "create with quantity " + formatNumber(*ch.Desired)
	case len(s.live) == 0:
		ch.Kind, ch.Reason = None, "nothing billed, nothing used"
	default:
		live := s.live[0]
		ch.Fields = diff(live, p, *ch.Desired)
		if len(ch.Fields) == 0 {
			ch.Kind, ch.Reason = None, "up to date: quantity "+formatNumber(live.Quantity)
			return
		}
		parts := make([]string, len(ch.Fields))
		for i, f := range ch.Fields {
			parts[i] = fmt.Sprintf("%s %s → %s", f.Field, formatValue(f.Old), formatValue(f.New))
		}
		ch.Kind, ch.Reason = Update, strings.Join(parts, "; ")
		if from := splitAt(ag, live, period, effective); !from.IsZero() {
			split(ch, live, p, from)
		}
	}
}

// conflict reports additions that keep the period from being written, with their dates.
func conflict(ch *Change, adds []Addition, period Period) {
	parts := make([]string, len(adds))
	for i, a := range adds {
		what := "is live"
		switch period.Standing(a) {
		case CancelledIn:
			what = "was cancelled inside the period and still bills part of it"
		case Later:
			what = "starts after the period: a create for this period would overlap it"
		}
		parts[i] = fmt.Sprintf("addition %d (%s) %s", a.ID, datesOf(a), what)
	}
	ch.Kind, ch.ConflictIDs = Conflict, idsOf(adds)
	ch.Reason = fmt.Sprintf("catalog item %d on agreement %d, billing period %s: %s: nothing is written until a person resolves it",
		ch.CatalogItemID, ch.AgreementID, period, strings.Join(parts, "; "))
}

func idsOf(adds []Addition) []int {
	ids := make([]int, len(adds))
	for i, a := range adds {
		ids[i] = a.ID
	}
	return ids
}
