package billing

import (
	"fmt"
	"slices"
	"testing"
)

func TestShardOverlaps(t *testing.T) {
	customer := func(org string, agreement int) ShardCustomer {
		return ShardCustomer{Customer: Customer{OrganizationID: org, CompanyID: 5, AgreementID: agreement, SyncEnabled: true}}
	}
	disabled := func(c ShardCustomer) ShardCustomer { c.SyncEnabled = false; return c }
	ofIntegration := func(c ShardCustomer, integration string) ShardCustomer { c.IntegrationID = integration; return c }
	core := Product{VendorSKU: "core-license", CatalogItemID: 501}
	server := Product{VendorSKU: "dedicated-server", CatalogItemID: 502}
	shard := func(integration string, products []Product, customers ...ShardCustomer) ShardMappings {
		return ShardMappings{IntegrationID: integration, Products: products, Customers: customers}
	}
	agreements := map[int]Agreement{
		40017: {ID: 40017, Name: "Managed Services - X"},
		40018: {ID: 40018, Name: "Managed Services - Y"},
		40030: {ID: 40030, Name: "Child of X", ParentID: 40017, ParentName: "Managed Services - X"},
		40031: {ID: 40031, ParentID: 49999, ParentName: "Unmapped parent"},
	}
	tests := []struct {
		name   string
		shards map[string]ShardMappings
		want   []ShardOverlap
	}{
		{
			name: "the same agreement and organization in two shards of one integration: one overlap with both facts",
			shards: map[string]ShardMappings{
				"eu": shard("NordLayer", []Product{core}, customer("org-17", 40017)),
				"us": shard("NordLayer", []Product{core, server}, customer("org-17", 40017)),
			},
			want: []ShardOverlap{{Kind: OverlapAgreement, AgreementID: 40017, IntegrationID: "NordLayer", OrganizationIDs: []string{"org-17"},
				Shards: []string{"eu", "us"}, CatalogItemIDs: []int{501},
				Reason: "agreement 40017 (Managed Services - X) is mapped in shards eu (org-17) and us (org-17) with catalog item 501 (SKU " +
					"core-license): both shards' syncs write the same addition for organization org-17 of integration NordLayer, billed " +
					"once but with two owners, so removing the customer from one shard no longer stops its billing or changes what it " +
					"bills; keep the mapping in one shard (delete it from the other's configuration, which writes nothing to " +
					"ConnectWise), and when the customer is moving between shards, remove it from the shard it leaves and apply that " +
					"shard before the one it joins"}},
		},
		{
			name: "the same agreement, other organizations of two integrations, a catalog item in common",
			shards: map[string]ShardMappings{
				"checkpoint": shard("Check Point", []Product{{VendorSKU: "harmony", CatalogItemID: 501}, server}, customer("cp-1", 40017)),
				"nordlayer":  shard("NordLayer", []Product{core, server}, customer("org-17", 40017)),
			},
			want: []ShardOverlap{{Kind: OverlapAgreement, AgreementID: 40017, OrganizationIDs: []string{"cp-1", "org-17"},
				Shards: []string{"checkpoint", "nordlayer"}, CatalogItemIDs: []int{501, 502},
				Reason: "agreement 40017 (Managed Services - X) is mapped in shards checkpoint (cp-1) and nordlayer (org-17) with catalog " +
					"items 501 (SKUs core-license, harmony) and 502 (SKU dedicated-server): both shards' syncs write the same additions " +
					"(one per catalog item), each setting its quantity to its own organization's usage, so the agreement is billed one " +
					"organization's usage, whichever shard synced last, and the other organization's usage is lost; map the agreement in " +
					"one shard, to one organization (delete its mapping from the other's configuration, which writes nothing to " +
					"ConnectWise)"}},
		},
		{
			name: "legitimate: two integrations map one agreement with disjoint catalog items",
			shards: map[string]ShardMappings{
				"checkpoint": shard("Check Point", []Product{server}, customer("org-17", 40017)),
				"nordlayer":  shard("NordLayer", []Product{core}, customer("org-17", 40017)),
			},
		},
		{
			name: "legitimate: one shard has sync disabled",
			shards: map[string]ShardMappings{
				"eu": shard("NordLayer", []Product{core}, customer("org-17", 40017)),
				"us": shard("NordLayer", []Product{core}, disabled(customer("org-17", 40017))),
			},
		},
		{
			name: "legitimate: one shard only, which its own validation covers",
			shards: map[string]ShardMappings{
				"eu": shard("NordLayer", []Product{core}, customer("org-17", 40017), customer("org-18", 40018), customer("org-30", 40030)),
			},
		},
		{
			name: "legitimate: no shards",
		},
		{
			name: "the same organization of one integration on two agreements",
			shards: map[string]ShardMappings{
				"eu": shard("NordLayer", []Product{core}, customer("org-17", 40018)),
				"us": shard("NordLayer", []Product{server}, customer("org-17", 40017)),
			},
			want: []ShardOverlap{{Kind: OverlapOrganization, AgreementID: 40017, IntegrationID: "NordLayer", OrganizationIDs: []string{"org-17"},
				Shards: []string{"eu", "us"},
				Reason: "organization org-17 of integration NordLayer is mapped in shards eu (agreement 40018 (Managed Services - Y)) and us " +
					"(agreement 40017 (Managed Services - X)): its usage is billed by each; map the organization in one shard only " +
					"(delete it from the other's configuration, which writes nothing to ConnectWise), and when the customer is moving " +
					"between shards, remove it from the shard it leaves and apply that shard before the one it joins"}},
		},
		{
			name: "the same organization and agreement with disjoint catalog items: the organization rule alone",
			shards: map[string]ShardMappings{
				"eu": shard("NordLayer", []Product{core}, customer("org-17", 40017)),
				"us": shard("NordLayer", []Product{server}, customer("org-17", 40017)),
			},
			want: []ShardOverlap{{Kind: OverlapOrganization, AgreementID: 40017, IntegrationID: "NordLayer", OrganizationIDs: []string{"org-17"},
				Shards: []string{"eu", "us"},
				Reason: "organization org-17 of integration NordLayer is mapped in shards eu (agreement 40017 (Managed Services - X)) and us " +
					"(agreement 40017 (Managed Services - X)): its usage is billed by each; map the organization in one shard only " +
					"(delete it from the other's configuration, which writes nothing to ConnectWise), and when the customer is moving " +
					"between shards, remove it from the shard it leaves and apply that shard before the one it joins"}},
		},
		{
			name: "a customer's own integration_id wins over its shard's products'",
			shards: map[string]ShardMappings{
				"eu": shard("NordLayer", []Product{core}, ofIntegration(customer("org-17", 40017), "Check Point")),
				"us": shard("NordLayer", []Product{server}, customer("org-17", 40018)),
			},
		},
		{
			name: "the same organization ID under two integrations is two organizations",
			shards: map[string]ShardMappings{
				"eu": shard("Check Point", []Product{core}, customer("org-17", 40017)),
				"us": shard("NordLayer", []Product{server}, customer("org-17", 40018)),
			},
		},
		{
			name: "a child in one shard, its parent in another, a catalog item in common",
			shards: map[string]ShardMappings{
				"eu": shard("NordLayer", []Product{core}, customer("org-17", 40017)),
				"us": shard("NordLayer", []Product{core}, customer("org-30", 40030)),
			},
			want: []ShardOverlap{{Kind: OverlapParentAndChild, AgreementID: 40030, RelatedAgreementID: 40017, IntegrationID: "NordLayer",
				OrganizationIDs: []string{"org-17", "org-30"}, Shards: []string{"eu", "us"}, CatalogItemIDs: []int{501},
				Reason: "agreement 40030 (Child of X) in shard us is a child of agreement 40017 (Managed Services - X) in shard eu " +
					"(parentAgreement), and both are mapped with catalog item 501 (SKU core-license): a child bills on its parent's " +
					"invoice, so the customer is billed twice; keep the customer mapping of the agreement that should carry the products " +
					"and remove the other (usually the parent or the child alone is mapped; mapping both in one shard makes its sync " +
					"write neither)"}},
		},
		{
			name: "legitimate: a child and its parent with disjoint catalog items",
			shards: map[string]ShardMappings{
				"eu": shard("NordLayer", []Product{core}, customer("org-17", 40017)),
				"us": shard("NordLayer", []Product{server}, customer("org-30", 40030)),
			},
		},
		{
			name: "legitimate: the parent disabled, or not mapped, or the child not found",
			shards: map[string]ShardMappings{
				"eu": shard("NordLayer", []Product{core}, disabled(customer("org-17", 40017)), customer("org-50", 40050)),
				"us": shard("NordLayer", []Product{core}, customer("org-30", 40030), customer("org-31", 40031)),
				"ap": shard("NordLayer", []Product{core}, customer("org-51", 40051)),
			},
		},
		{
			name: "ordered by agreement, then organization; many shards",
			shards: map[string]ShardMappings{
				"s1": shard("NordLayer", []Product{core}, customer("org-b", 40018), customer("org-a", 40017)),
				"s2": shard("NordLayer", []Product{core}, customer("org-c", 40018)),
				"s3": shard("NordLayer", []Product{server}, customer("org-d", 40018), customer("org-a", 40019)),
				"s4": shard("NordLayer", []Product{core, server}, customer("org-e", 40018), customer("org-f", 40030)),
				"s5": shard("NordLayer", []Product{server}),
			},
			want: []ShardOverlap{
				{Kind: OverlapOrganization, AgreementID: 40017, IntegrationID: "NordLayer", OrganizationIDs: []string{"org-a"}, Shards: []string{"s1", "s3"},
					Reason: "organization org-a of integration NordLayer is mapped in shards s1 (agreement 40017 (Managed Services - X)) and s3 " +
						"(agreement 40019): its usage is billed by each; map the organization in one shard only (delete it from the other's " +
						"configuration, which writes nothing to ConnectWise), and when the customer is moving between shards, remove it from " +
						"the shard it leaves and apply that shard before the one it joins"},
				{Kind: OverlapAgreement, AgreementID: 40018, IntegrationID: "NordLayer", OrganizationIDs: []string{"org-b", "org-c", "org-d", "org-e"},
					Shards: []string{"s1", "s2", "s3", "s4"}, CatalogItemIDs: []int{501, 502},
					Reason: "agreement 40018 (Managed Services - Y) is mapped in shards s1 (org-b), s2 (org-c), s3 (org-d) and s4 (org-e) with " +
						"catalog items 501 (SKU core-license) and 502 (SKU dedicated-server): all 4 shards' syncs write the same additions " +
						"(one per catalog item), each setting its quantity to its own organization's usage, so the agreement is billed one " +
						"organization's usage, whichever shard synced last, and the other organizations' usage is lost; map the agreement in " +
						"one shard, to one organization (delete its mapping from the others' configuration, which writes nothing to " +
						"ConnectWise)"},
				{Kind: OverlapParentAndChild, AgreementID: 40030, RelatedAgreementID: 40017, IntegrationID: "NordLayer", OrganizationIDs: []string{"org-a", "org-f"},
					Shards: []string{"s1", "s4"}, CatalogItemIDs: []int{501},
					Reason: "agreement 40030 (Child of X) in shard s4 is a child of agreement 40017 (Managed Services - X) in shard s1 " +
						"(parentAgreement), and both are mapped with catalog item 501 (SKU core-license): a child bills on its parent's " +
						"invoice, so the customer is billed twice; keep the customer mapping of the agreement that should carry the products " +
						"and remove the other (usually the parent or the child alone is mapped; mapping both in one shard makes its sync " +
						"write neither)"},
			},
		},
		{
			name: "three shards on one agreement, one organization in all of them: one addition, three owners",
			shards: map[string]ShardMappings{
				"a": shard("NordLayer", []Product{core}, customer("org-17", 40017)),
				"b": shard("NordLayer", []Product{core}, customer("org-17", 40017)),
				"c": shard("NordLayer", []Product{core}, customer("org-17", 40017)),
			},
			want: []ShardOverlap{{Kind: OverlapAgreement, AgreementID: 40017, IntegrationID: "NordLayer", OrganizationIDs: []string{"org-17"},
				Shards: []string{"a", "b", "c"}, CatalogItemIDs: []int{501},
				Reason: "agreement 40017 (Managed Services - X) is mapped in shards a (org-17), b (org-17) and c (org-17) with catalog item " +
					"501 (SKU core-license): all 3 shards' syncs write the same addition for organization org-17 of integration NordLayer, " +
					"billed once but with 3 owners, so removing the customer from one shard no longer stops its billing or changes what " +
					"it bills; keep the mapping in one shard (delete it from the others' configuration, which writes nothing to " +
					"ConnectWise), and when the customer is moving between shards, remove it from the shard it leaves and apply that " +
					"shard before the one it joins"}},
		},
		{
			name: "three shards on one agreement, one organization in two of them: the agreement overlap says so",
			shards: map[string]ShardMappings{
				"a": shard("NordLayer", []Product{core}, customer("org-17", 40017)),
				"b": shard("NordLayer", []Product{core}, customer("org-17", 40017)),
				"c": shard("NordLayer", []Product{core}, customer("org-18", 40017)),
			},
			want: []ShardOverlap{{Kind: OverlapAgreement, AgreementID: 40017, IntegrationID: "NordLayer", OrganizationIDs: []string{"org-17", "org-18"},
				Shards: []string{"a", "b", "c"}, CatalogItemIDs: []int{501},
				Reason: "agreement 40017 (Managed Services - X) is mapped in shards a (org-17), b (org-17) and c (org-18) with catalog item " +
					"501 (SKU core-license): all 3 shards' syncs write the same addition, each setting its quantity to its own " +
					"organization's usage, so the agreement is billed one organization's usage, whichever shard synced last, and the " +
					"other organization's usage is lost (organization org-17 of integration NordLayer is mapped in shards a and b); map " +
					"the agreement in one shard, to one organization (delete its mapping from the others' configuration, which writes " +
					"nothing to ConnectWise), and when the customer is moving between shards, remove it from the shard it leaves and " +
					"apply that shard before the one it joins"}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := ShardOverlaps(tc.shards, agreements)
			if len(got) != len(tc.want) {
				t.Fatalf("got %d overlaps, want %d:\n%s", len(got), len(tc.want), sayOverlaps(got))
			}
			for i := range got {
				if g, w := fmt.Sprintf("%#v", got[i]), fmt.Sprintf("%#v", tc.want[i]); g != w {
					t.Errorf("overlap %d:\n got %s\nwant %s", i, g, w)
				}
			}
		})
	}
}

// The result does not depend on the order of the shards' customers and products (Go's map
// order varies the order the shards are read in on every call).
func TestShardOverlapsIsDeterministic(t *testing.T) {
	shards := map[string]ShardMappings{}
	for i := range 12 {
		var customers []ShardCustomer
		for j := range 6 {
			customers = append(customers, ShardCustomer{Customer: Customer{OrganizationID: fmt.Sprintf("org-%d", (i*7+j)%20),
				AgreementID: 100 + (i+j)%9, SyncEnabled: true}})
		}
		shards[fmt.Sprintf("shard-%02d", i)] = ShardMappings{IntegrationID: "NordLayer", Customers: customers,
			Products: []Product{{VendorSKU: "a", CatalogItemID: 1 + i%3}, {VendorSKU: "b", CatalogItemID: 4}}}
	}
	agreements := map[int]Agreement{103: {ID: 103, ParentID: 101}, 105: {ID: 105, ParentID: 108}}
	first := sayOverlaps(ShardOverlaps(shards, agreements))
	for range 20 {
		if again := sayOverlaps(ShardOverlaps(shards, agreements)); again != first {
			t.Fatalf("two calls differ:\n%s\n---\n%s", first, again)
		}
	}
	got := ShardOverlaps(shards, agreements)
	if !slices.IsSortedFunc(got, func(a, b ShardOverlap) int { return a.AgreementID - b.AgreementID }) {
		t.Errorf("not ordered by agreement:\n%s", first)
	}
	for _, o := range got {
		if !slices.IsSorted(o.Shards) || !slices.IsSorted(o.CatalogItemIDs) || !slices.IsSorted(o.OrganizationIDs) || len(o.Shards) < 2 {
			t.Errorf("overlap not sorted or of one shard: %#v", o)
		}
	}
}

func sayOverlaps(os []ShardOverlap) string {
	out := ""
	for _, o := range os {
		out += fmt.Sprintf("%#v\n", o)
	}
	return out
}

func TestUncheckedChildren(t *testing.T) {
	shard := func(item int, agreements ...int) ShardMappings {
		s := ShardMappings{Products: []Product{{VendorSKU: "sku", CatalogItemID: item}}}
		for i, a := range agreements {
			s.Customers = append(s.Customers, ShardCustomer{Customer: Customer{OrganizationID: fmt.Sprint("org-", i), AgreementID: a, SyncEnabled: true}})
		}
		return s
	}
	found := map[int]Agreement{1: {ID: 1}, 2: {ID: 2}}
	for _, tc := range []struct {
		name   string
		shards map[string]ShardMappings
		want   []int
	}{
		{"all found", map[string]ShardMappings{"a": shard(501, 1), "b": shard(501, 2)}, nil},
		{"missing, and another shard maps another agreement with the item", map[string]ShardMappings{"a": shard(501, 1, 9), "b": shard(501, 2)}, []int{9}},
		{"missing, the other shard's items are others", map[string]ShardMappings{"a": shard(501, 9), "b": shard(502, 2)}, nil},
		{"missing, no other shard", map[string]ShardMappings{"a": shard(501, 1, 9)}, nil},
		{"missing in two shards that map only it", map[string]ShardMappings{"a": shard(501, 9), "b": shard(501, 9)}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := UncheckedChildren(tc.shards, found); !slices.Equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}
