package billing

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// The words of the shard overlaps' reasons: lists of shards, organizations and catalog
// items as a sentence says them.

// sayItems names catalog items with the SKUs that map them in the shards given:
// "catalog item 501 (SKU core-license)", "catalog items 501 (SKU a) and 502 (SKUs b, c)".
func (x shardIndex) sayItems(shards []string, items []int) string {
	var said []string
	for _, item := range items {
		var skus []string
		for _, s := range shards {
			for _, sku := range x.items[s][item] {
				if !slices.Contains(skus, sku) {
					skus = append(skus, sku)
				}
			}
		}
		slices.Sort(skus)
		label := "SKU "
		if len(skus) > 1 {
			label = "SKUs "
		}
		said = append(said, strconv.Itoa(item)+" ("+label+strings.Join(skus, ", ")+")")
	}
	if len(items) == 1 {
		return "catalog item " + said[0]
	}
	return "catalog items " + andList(said)
}

// sayShards lists shards, each with what detail says of it when detail is set:
// "eu (org-17) and us (org-17)".
func sayShards(shards []string, detail func(string) string) string {
	said := make([]string, len(shards))
	for i, s := range shards {
		said[i] = s
		if detail != nil {
			said[i] += " (" + detail(s) + ")"
		}
	}
	return andList(said)
}

func shardOrShards(shards []string) string {
	if len(shards) == 1 {
		return "shard " + shards[0]
	}
	return "shards " + andList(shards)
}

func andList(ss []string) string {
	if len(ss) < 2 {
		return strings.Join(ss, "")
	}
	return strings.Join(ss[:len(ss)-1], ", ") + " and " + ss[len(ss)-1]
}

func bothOrAll(n int) string {
	if n == 2 {
		return "both shards'"
	}
	return fmt.Sprintf("all %d shards'", n)
}

// moveAdvice is the order of a move between shards: the overlap of a customer imported into
// its new shard while the old one's applied state still maps it ends with the old one's apply.
const moveAdvice = ", and when the customer is moving between shards, remove it from the shard it leaves and apply that shard " +
	"before the one it joins"

// count says n: "two", or the digits.
func count(n int) string {
	if n == 2 {
		return "two"
	}
	return strconv.Itoa(n)
}

// sayOrgs names organizations: "organization org-17 of integration NordLayer",
// "organizations a and b".
func sayOrgs(keys []orgKey) string {
	said := make([]string, len(keys))
	for i, k := range keys {
		said[i] = orgOfIntegration(k)
	}
	if len(keys) == 1 {
		return "organization " + said[0]
	}
	return "organizations " + andList(said)
}

func otherOrOthers(n int) string {
	if n == 2 {
		return "other's"
	}
	return "others'"
}

func orgOfIntegration(k orgKey) string {
	if k.integration == "" {
		return k.org
	}
	return k.org + " of integration " + k.integration
}
