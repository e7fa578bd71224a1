package connectwise_test

import (
	"fmt"
	"time"

	"github.com/mspkit/terraform-provider-connectwise/internal/connectwise"
)

func ExampleField() {
	userInput := `Say "hi" \ *`
	cond := connectwise.And(
		connectwise.Field("company/id").Eq(connectwise.Int(19301)),
		connectwise.Field("name").Eq(connectwise.String(userInput)),
		connectwise.Not(connectwise.Field("agreementStatus").In(connectwise.String("Cancelled"), connectwise.String("Expired"))),
		connectwise.Field("lastUpdated").Ge(connectwise.Date(time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC))),
	)
	fmt.Println(cond)

	bad := connectwise.Field("name").Eq(connectwise.String("two\nlines"))
	fmt.Println(bad.Err())
	// Output:
	// company/id = 19301 and name = "Say \"hi\" \\ *" and agreementStatus not in ("Cancelled","Expired") and lastUpdated >= [2026-11-01T00:00:00Z]
	// connectwise: the text "two\nlines" contains a control character (such as a line break), which cannot be used in a condition
}

func ExampleSplitIn() {
	ids := make([]int, 400)
	for i := range ids {
		ids[i] = 100000 + i
	}
	chunks := connectwise.SplitIn(connectwise.Field("id"), connectwise.Ints(ids), connectwise.Field("deletedFlag").Eq(connectwise.Bool(false)), connectwise.MaxConditionLength)
	fmt.Println(len(chunks), "requests")
	// Output: 3 requests
}
