package main

import (
	"slices"
	"testing"
)

// The check must see what it exists for: a bill that is right passes, a duplicate, a wrong
// quantity, a missing SKU and a cancelled agreement billed each count.
func TestBilling(t *testing.T) {
	items := []int{7, 8}
	set := customerSet{agreementIDs: []int{100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110}}
	shards := []shard{{customers: set}}
	addition := func(agreement, item int, q float64, cancelledDate any) map[string]any {
		return map[string]any{"agreementId": float64(agreement), "product": map[string]any{"id": float64(item)}, "quantity": q, "cancelledDate": cancelledDate}
	}
	var right []map[string]any
	for i, aid := range set.agreementIDs {
		if !cancelled(i) {
			for j, item := range items {
				right = append(right, addition(aid, item, usageQuantity(i, j, 0), nil))
			}
		}
	}
	if d, w := billing(right, shards, items); d != 0 || w != 0 {
		t.Fatalf("right bill: %d duplicates, %d billed wrong", d, w)
	}
	wrong := slices.Clone(right[2:]) // agreement 100 lacks both SKUs
	wrong = append(wrong,
		addition(101, 7, usageQuantity(1, 0, 0), ""), // a duplicate of 101's first SKU
		addition(102, 8, 99, "2026-12-01T00:00:00Z"), // cancelled: does not bill
		addition(109, 7, 1, nil),                     // the cancelled agreement billed
	)
	wrong[4]["quantity"] = 99.0 // agreement 103's first SKU
	if d, w := billing(wrong, shards, items); d != 1 || w != 4 {
		t.Fatalf("wrong bill: %d duplicates, %d billed wrong; want 1 and 4 (agreements 100, 101, 103, 109)", d, w)
	}
}
