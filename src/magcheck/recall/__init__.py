"""The guided recall: a day's eating in four passes (quick list, forgotten foods, details, review)."""
