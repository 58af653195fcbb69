"""Courses and training (issue 17; docs/courses.md): courses in ``ou=courses``, who
signs up, course-environment access for the course's days plus a margin, and
completed training as the condition for write access in production."""
