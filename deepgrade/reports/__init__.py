"""deepgrade.reports"""
