"""Food plans: the foods a plan may offer, the person's preferences, the plan and its wording.

Around the pure optimiser (`magcheck.core.planner`) and supplement option (`magcheck.core.supplement_plan`):
`options` (candidate foods with a plan portion), `preferences` (diet, exclusions, foods already eaten),
`build` (the gap, the plan, the assessment hook), `wording` (portions and summaries in the person's
language), `supplement` (the option's rules and compounds) and `top` (foods ranked by magnesium).
Callers import the module that holds what they need.
"""
