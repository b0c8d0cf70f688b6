// The study database lives here: its DbContext, entities and migrations arrive with the participant study.
