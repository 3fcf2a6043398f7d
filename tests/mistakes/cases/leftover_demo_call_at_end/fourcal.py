"""1주차 과제 1: 클래스와 상속 (Fourcal).

세미나 슬라이드 '03. 클래스'의 예제를 직접 완성합니다.
`raise NotImplementedError()`가 있는 TODO 자리를 채우세요.
"""


class Fourcal:
    """두 수(first, second)로 사칙연산을 하는 계산기 클래스."""

    def __init__(self, first, second):
        """생성자: 객체가 만들어질 때 두 수를 객체 변수 first, second에 저장합니다.

        TODO: setdata를 호출하거나, 두 수를 객체 변수(self의 속성) first, second에 직접 저장하세요.
        """
        self.setdata(first, second)

    def setdata(self, first, second):
        """두 수를 다시 지정합니다 (객체 변수 first, second를 덮어씁니다).

        TODO: 받은 두 수를 객체 변수 first, second에 저장하세요.
        """
        self.first = first
        self.second = second

    def add(self):
        """TODO: first + second를 반환하세요."""
        return self.first + self.second

    def sub(self):
        """TODO: first - second를 반환하세요."""
        return self.first - self.second

    def mul(self):
        """TODO: first * second를 반환하세요."""
        return self.first * self.second

    def div(self):
        """TODO: first / second를 반환하세요 (나눗셈 결과는 실수)."""
        return self.first / self.second


class MoreFourcal(Fourcal):
    """Fourcal을 상속받아 거듭제곱(pow)을 추가한 클래스.

    상속받은 add, sub, mul, div는 다시 쓰지 마세요 (부모 클래스의 것을 그대로 씁니다).
    """

    def pow(self):
        """TODO: first의 second 제곱(first ** second)을 반환하세요."""
        return self.first ** self.second


class SafeFourcal(Fourcal):
    """Fourcal을 상속받아 div만 바꾼(메소드 오버라이딩) 클래스."""

    def div(self):
        """TODO: second가 0이면 0을, 아니면 first / second를 반환하세요."""
        if self.second == 0:
            return 0
        return self.first / self.second


class Parent:
    """부모 클래스 (슬라이드 예제 그대로, 이미 완성되어 있습니다)."""

    def __init__(self, p1, p2):
        self.p1 = p1
        self.p2 = p2

    def act(self):
        """부모의 행동: (p1, p2)를 반환합니다."""
        return (self.p1, self.p2)


class Child(Parent):
    """Parent를 상속받는 자식 클래스."""

    def __init__(self, p1, p2, c1):
        """TODO: super()로 부모의 __init__(p1, p2)를 호출한 뒤, c1은 객체 변수 c1에 저장하세요.

        p1, p2를 여기서 직접 저장하지 말고 반드시 부모의 생성자를 불러 쓰세요.
        """
        super(Child, self).__init__(p1, p2)
        self.c1 = c1

    def parent_act(self):
        """TODO: super()로 부모의 act()를 호출해 그 결과를 반환하세요."""
        return super().act()


a = SafeFourcal()
print(a.div())
