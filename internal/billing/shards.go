package billing

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// An MSP may split its mappings across several Terraform states (shards), each running its
// own sync. Validate and Plan see one shard; ShardOverlaps sees them all, from their
// mappings alone: an addition carries no owner marker (the sync recognises its additions by
// product and effective date), so what two shards would both write is read off what they map.

// ShardMappings is what one shard's sync runs with (its sync_mappings output).
type ShardMappings struct {
	Customers []ShardCustomer
	Products  []Product
	// IntegrationID is the integration of the shard's products ("" when they name none): the
	// integration of a customer that names none of its own.
	IntegrationID string
}

// ShardCustomer is a customer mapping with the integration it names ("" when it names none).
type ShardCustomer struct {
	Customer
	IntegrationID string
}

// OverlapKind is what two shards would bill wrongly between them.
type OverlapKind string

// The kinds of [ShardOverlap].
const (
	// OverlapAgreement: shards map one agreement with a catalog item in common, so their
	// syncs write the same addition: billed once but owned by each, or, for other
	// organizations, billed the usage of whichever synced last.
	OverlapAgreement OverlapKind = "agreement"
	// OverlapOrganization: shards map one organization of one integration, so its usage is
	// billed by each.
	OverlapOrganization OverlapKind = "organization"
	// OverlapParentAndChild: a child agreement in one shard and its parent in another map a
	// catalog item in common; a child bills on its parent's invoice.
	OverlapParentAndChild OverlapKind = "parent_and_child"
)

// ShardOverlap is one problem of billing split across shards.
type ShardOverlap struct {
	Kind OverlapKind
	// AgreementID is the agreement concerned: the child for OverlapParentAndChild, and for
	// OverlapOrganization the lowest agreement the organization is mapped to (Reason names
	// each shard's).
	AgreementID int
	// RelatedAgreementID is the parent of AgreementID (OverlapParentAndChild); 0 otherwise.
	RelatedAgreementID int
	// IntegrationID is the integration of the customers concerned; "" when they belong to
	// several (or name none).
	IntegrationID   string
	OrganizationIDs []string // sorted
	Shards          []string // sorted
	CatalogItemIDs  []int    // the catalog items in common, sorted; nil for OverlapOrganization
	// Reason is one sentence naming the shards, what goes wrong in billing and what to change.
	Reason string
}

// ShardOverlaps returns what the shards (by name) would bill wrongly between them, over their
// enabled customers only, ordered by agreement, then organization. agreements holds the
// mapped agreements ConnectWise returned, for their names and parents: an agreement missing
// there is only left out of the parent and child rule. Overlaps within one shard are not
// reported: that shard's own Validate and Plan refuse them.
func ShardOverlaps(shards map[string]ShardMappings, agreements map[int]Agreement) []ShardOverlap {
	x := indexShards(shards)
	var out []ShardOverlap
	absorbed := map[orgKey]bool{}
	for _, id := range slices.Sorted(maps.Keys(x.byAgreement)) {
		if o, ok := x.agreementOverlap(id, agreements, absorbed); ok {
			out = append(out, o)
		}
	}
	for _, k := range slices.SortedFunc(maps.Keys(x.byOrg), orgKey.compare) {
		if o, ok := x.organizationOverlap(k, agreements, absorbed); ok {
			out = append(out, o)
		}
	}
	for _, child := range slices.Sorted(maps.Keys(x.byAgreement)) {
		if o, ok := x.parentOverlap(child, agreements); ok {
			out = append(out, o)
		}
	}
	slices.SortStableFunc(out, func(a, b ShardOverlap) int {
		return cmp.Or(cmp.Compare(a.AgreementID, b.AgreementID), slices.Compare(a.OrganizationIDs, b.OrganizationIDs),
			cmp.Compare(kindOrder[a.Kind], kindOrder[b.Kind]), cmp.Compare(a.RelatedAgreementID, b.RelatedAgreementID),
			slices.Compare(a.Shards, b.Shards))
	})
	return out
}

// UncheckedChildren returns, sorted, the agreements that enabled customers map but that are
// missing from agreements, when that hides a check: whether such an agreement is a child is
// unknown, and another shard maps another agreement (a possible parent) with a catalog item
// in common. A missing agreement that no other shard could be the parent of hides nothing.
func UncheckedChildren(shards map[string]ShardMappings, agreements map[int]Agreement) []int {
	x := indexShards(shards)
	var out []int
	for id, byShard := range x.byAgreement {
		if _, found := agreements[id]; found {
			continue
		}
	search:
		for s := range byShard {
			for other, in := range x.byAgreement {
				for t := range in {
					if other == id || t == s {
						continue
					}
					if _, items := x.common([][2]string{{s, t}}); len(items) > 0 {
						out = append(out, id)
						break search
					}
				}
			}
		}
	}
	slices.Sort(out)
	return out
}

var kindOrder = map[OverlapKind]int{OverlapAgreement: 0, OverlapOrganization: 1, OverlapParentAndChild: 2}

// orgKey is one organization of one integration: organization IDs are the vendor's, so the
// same ID under two integrations is two organizations.
type orgKey struct{ integration, org string }

func (k orgKey) compare(o orgKey) int {
	return cmp.Or(cmp.Compare(k.org, o.org), cmp.Compare(k.integration, o.integration))
}

// mapping is one enabled customer of a shard.
type mapping struct {
	shard, org, integration string
	agreement               int
}

// shardIndex is the shards' enabled customers by agreement and by organization, and each
// shard's catalog items with the SKUs that map them.
type shardIndex struct {
	byAgreement map[int]map[string][]mapping // agreement -> shard -> its customers there
	byOrg       map[orgKey]map[string][]mapping
	items       map[string]map[int][]string // shard -> catalog item -> SKUs
}

func indexShards(shards map[string]ShardMappings) shardIndex {
	x := shardIndex{byAgreement: map[int]map[string][]mapping{}, byOrg: map[orgKey]map[string][]mapping{}, items: map[string]map[int][]string{}}
	add := func(m map[string][]mapping, v mapping) {
		m[v.shard] = append(m[v.shard], v)
	}
	for name, s := range shards {
		x.items[name] = map[int][]string{}
		for _, p := range s.Products {
			if !slices.Contains(x.items[name][p.CatalogItemID], p.VendorSKU) {
				x.items[name][p.CatalogItemID] = append(x.items[name][p.CatalogItemID], p.VendorSKU)
			}
		}
		for _, c := range s.Customers {
			if !c.SyncEnabled {
				continue
			}
			m := mapping{shard: name, org: c.OrganizationID, integration: cmp.Or(c.IntegrationID, s.IntegrationID), agreement: c.AgreementID}
			if x.byAgreement[m.agreement] == nil {
				x.byAgreement[m.agreement] = map[string][]mapping{}
			}
			add(x.byAgreement[m.agreement], m)
			k := orgKey{m.integration, m.org}
			if x.byOrg[k] == nil {
				x.byOrg[k] = map[string][]mapping{}
			}
			add(x.byOrg[k], m)
		}
	}
	return x
}

// common returns, over the pairs of shards given, the shards of the pairs whose products
// share a catalog item, and those items, both sorted.
func (x shardIndex) common(pairs [][2]string) (shards []string, items []int) {
	for _, p := range pairs {
		shared := false
		for item := range x.items[p[0]] {
			if _, ok := x.items[p[1]][item]; ok {
				shared = true
				if !slices.Contains(items, item) {
					items = append(items, item)
				}
			}
		}
		for _, s := range p {
			if shared && !slices.Contains(shards, s) {
				shards = append(shards, s)
			}
		}
	}
	slices.Sort(shards)
	slices.Sort(items)
	return shards, items
}

// pairsOf returns every pair of two of the shards.
func pairsOf(shards []string) [][2]string {
	var out [][2]string
	for i, s := range shards {
		for _, t := range shards[i+1:] {
			out = append(out, [2]string{s, t})
		}
	}
	return out
}

func (x shardIndex) agreementOverlap(id int, agreements map[int]Agreement, absorbed map[orgKey]bool) (ShardOverlap, bool) {
	byShard := x.byAgreement[id]
	names := slices.Sorted(maps.Keys(byShard))
	shards, items := x.common(pairsOf(names))
	if len(items) == 0 {
		return ShardOverlap{}, false
	}
	o := ShardOverlap{Kind: OverlapAgreement, AgreementID: id, Shards: shards, CatalogItemIDs: items}
	var ms []mapping
	for _, s := range shards {
		ms = append(ms, byShard[s]...)
	}
	o.OrganizationIDs, o.IntegrationID = orgsOf(ms), integrationOf(ms)
	// An organization of one integration mapped to this agreement in several of these shards
	// is this same problem (the shards share its addition): it is said here, once.
	for _, org := range o.OrganizationIDs {
		for _, k := range x.orgKeys(org) {
			in := slices.Sorted(maps.Keys(x.byOrg[k]))
			if len(in) > 1 && onlyAgreement(x.byOrg[k], id) && isSubset(in, shards) && !absorbed[k] {
				absorbed[k] = true
			}
		}
	}
	// The sync recognises its addition by catalog item on the agreement, so the shards write
	// one addition (per catalog item): with the same organizations in each, one addition with
	// several owners; with others, each sync sets its quantity to its own organization's usage.
	keysIn := map[string][]orgKey{}
	inShards := map[orgKey][]string{}
	for _, s := range shards {
		for _, m := range byShard[s] {
			k := orgKey{m.integration, m.org}
			if !slices.Contains(keysIn[s], k) {
				keysIn[s] = append(keysIn[s], k)
				inShards[k] = append(inShards[k], s)
			}
		}
		slices.SortFunc(keysIn[s], orgKey.compare)
	}
	same := true
	for _, s := range shards[1:] {
		same = same && slices.Equal(keysIn[s], keysIn[shards[0]])
	}
	addition := "the same addition"
	if len(items) > 1 {
		addition = "the same additions (one per catalog item)"
	}
	head := fmt.Sprintf("agreement %d%s is mapped in shards %s with %s: ", id, named(agreements[id].Name),
		sayShards(shards, func(s string) string { return strings.Join(orgsOf(byShard[s]), ", ") }), x.sayItems(shards, items))
	if same {
		o.Reason = head + fmt.Sprintf("%s syncs write %s for %s, billed once but with %s owners, so removing the "+
			"customer from one shard no longer stops its billing or changes what it bills; keep the mapping in one shard "+
			"(delete it from the %s configuration, which writes nothing to ConnectWise)%s",
			bothOrAll(len(shards)), addition, sayOrgs(keysIn[shards[0]]), count(len(shards)),
			otherOrOthers(len(shards)), moveAdvice)
		return o, true
	}
	var shared []string
	for _, k := range slices.SortedFunc(maps.Keys(inShards), orgKey.compare) {
		if len(inShards[k]) > 1 {
			shared = append(shared, fmt.Sprintf("organization %s is mapped in shards %s", orgOfIntegration(k), andList(inShards[k])))
		}
	}
	var also, move string
	if len(shared) > 0 {
		also, move = " ("+strings.Join(shared, "; ")+")", moveAdvice
	}
	lost := "the other organization's"
	if len(orgsOf(ms)) > 2 {
		lost = "the other organizations'"
	}
	o.Reason = head + fmt.Sprintf("%s syncs write %s, each setting its quantity to its own organization's usage, so the agreement "+
		"is billed one organization's usage, whichever shard synced last, and %s usage is lost%s; map the agreement in one shard, "+
		"to one organization (delete its mapping from the %s configuration, which writes nothing to ConnectWise)%s",
		bothOrAll(len(shards)), addition, lost, also, otherOrOthers(len(shards)), move)
	return o, true
}

func (x shardIndex) organizationOverlap(k orgKey, agreements map[int]Agreement, absorbed map[orgKey]bool) (ShardOverlap, bool) {
	byShard := x.byOrg[k]
	if len(byShard) < 2 || absorbed[k] {
		return ShardOverlap{}, false
	}
	shards := slices.Sorted(maps.Keys(byShard))
	var ids []int
	for _, ms := range byShard {
		for _, m := range ms {
			ids = append(ids, m.agreement)
		}
	}
	o := ShardOverlap{Kind: OverlapOrganization, AgreementID: slices.Min(ids), IntegrationID: k.integration,
		OrganizationIDs: []string{k.org}, Shards: shards}
	o.Reason = fmt.Sprintf("organization %s is mapped in shards %s: its usage is billed by each; "+
		"map the organization in one shard only (delete it from the %s configuration, which writes nothing to ConnectWise)%s",
		orgOfIntegration(k), sayShards(shards, func(s string) string {
			var as []string
			for _, m := range byShard[s] {
				as = append(as, fmt.Sprintf("agreement %d%s", m.agreement, named(agreements[m.agreement].Name)))
			}
			return strings.Join(as, ", ")
		}), otherOrOthers(len(shards)), moveAdvice)
	return o, true
}

func (x shardIndex) parentOverlap(child int, agreements map[int]Agreement) (ShardOverlap, bool) {
	a, ok := agreements[child]
	parents := x.byAgreement[a.ParentID]
	if !ok || a.ParentID == 0 || a.ParentID == child || len(parents) == 0 {
		return ShardOverlap{}, false
	}
	childShards := slices.Sorted(maps.Keys(x.byAgreement[child]))
	parentShards := slices.Sorted(maps.Keys(parents))
	var pairs [][2]string
	for _, s := range childShards {
		for _, t := range parentShards {
			if s != t { // one shard mapping both is that shard's own Plan's conflict
				pairs = append(pairs, [2]string{s, t})
			}
		}
	}
	shards, items := x.common(pairs)
	if len(items) == 0 {
		return ShardOverlap{}, false
	}
	var ms []mapping
	in := func(byShard map[string][]mapping) []string {
		var out []string
		for _, s := range shards {
			if len(byShard[s]) > 0 {
				out = append(out, s)
				ms = append(ms, byShard[s]...)
			}
		}
		return out
	}
	childIn, parentIn := in(x.byAgreement[child]), in(parents)
	o := ShardOverlap{Kind: OverlapParentAndChild, AgreementID: child, RelatedAgreementID: a.ParentID,
		OrganizationIDs: orgsOf(ms), IntegrationID: integrationOf(ms), Shards: shards, CatalogItemIDs: items}
	o.Reason = fmt.Sprintf("agreement %d%s in %s is a child of agreement %d%s in %s (parentAgreement), and both are mapped "+
		"with %s: a child bills on its parent's invoice, so the customer is billed twice; keep the customer mapping of the "+
		"agreement that should carry the products and remove the other (usually the parent or the child alone is mapped; "+
		"mapping both in one shard makes its sync write neither)",
		child, named(a.Name), shardOrShards(childIn), a.ParentID, named(cmp.Or(agreements[a.ParentID].Name, a.ParentName)),
		shardOrShards(parentIn), x.sayItems(shards, items))
	return o, true
}

// orgKeys returns the keys of organization org, under any integration, sorted.
func (x shardIndex) orgKeys(org string) []orgKey {
	var out []orgKey
	for k := range x.byOrg {
		if k.org == org {
			out = append(out, k)
		}
	}
	slices.SortFunc(out, orgKey.compare)
	return out
}

func orgsOf(ms []mapping) []string {
	var out []string
	for _, m := range ms {
		if !slices.Contains(out, m.org) {
			out = append(out, m.org)
		}
	}
	slices.Sort(out)
	return out
}

// integrationOf is the one integration of ms, or "" when they have several.
func integrationOf(ms []mapping) string {
	if len(ms) == 0 {
		return ""
	}
	for _, m := range ms {
		if m.integration != ms[0].integration {
			return ""
		}
	}
	return ms[0].integration
}

func onlyAgreement(byShard map[string][]mapping, id int) bool {
	for _, ms := range byShard {
		for _, m := range ms {
			if m.agreement != id {
				return false
			}
		}
	}
	return true
}

func isSubset(a, b []string) bool {
	for _, s := range a {
		if !slices.Contains(b, s) {
			return false
		}
	}
	return true
}
