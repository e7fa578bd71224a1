package billing

// Summary counts the changes of a plan by kind.
type Summary struct {
	Create, Update, None, Skip, Conflict int
}

// Summarize counts changes by kind.
func Summarize(changes []Change) Summary {
	var s Summary
	for _, c := range changes {
		switch c.Kind {
		case Create:
			s.Create++
		case Update:
			s.Update++
		case None:
			s.None++
		case Skip:
			s.Skip++
		case Conflict:
			s.Conflict++
		}
	}
	return s
}
