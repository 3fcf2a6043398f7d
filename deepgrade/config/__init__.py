"""deepgrade.config: the course model (course.yml, roster.csv, assignments/weekNN/assignment.yml).

``load_course`` checks everything and raises one ``deepgrade.errors.ConfigError`` listing
every problem as ``file:line: field: what is wrong (expected …)``.
"""
from deepgrade.config.assignment import AssignmentConfig, ProblemSpec, SubmittedFile
from deepgrade.config.course import CourseConfig, LatePolicy, Session
from deepgrade.config.loader import Assignment, Course, find_course_file, load_course
from deepgrade.config.roster import Student

__all__ = [
    "Assignment", "AssignmentConfig", "Course", "CourseConfig", "LatePolicy", "ProblemSpec", "Session",
    "Student", "SubmittedFile", "find_course_file", "load_course",
]
