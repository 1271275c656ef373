import { AppShell, Box, Burger, Button, Group, Indicator, NavLink, SegmentedControl, Text, ActionIcon, Loader, Center, Anchor, Title, Stack } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconBell, IconCalendarWeek, IconHome, IconListDetails, IconArmchair, IconUsers, IconUser, IconChecklist, IconUserShare, IconLogout, IconFileText, IconId, IconSettings } from "@tabler/icons-react";
import { IconUsersGroup } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, Navigate, Route, Routes, useLocation } from "react-router";
import { api, unwrap } from "./api/client";
import { isApprover, useAuth, useMe, useSwitchLanguage } from "./auth";
import { lazy, Suspense } from "react";
import { LoginPage } from "./pages/Login";

// Each screen is its own chunk, loaded when first opened.
const SchedulePage = lazy(() => import("./pages/Schedule").then((m) => ({ default: m.SchedulePage })));
const RequestPage = lazy(() => import("./pages/RequestTelework").then((m) => ({ default: m.RequestPage })));
const RequestsPage = lazy(() => import("./pages/Requests").then((m) => ({ default: m.RequestsPage })));
const RequestDetailPage = lazy(() => import("./pages/RequestDetail").then((m) => ({ default: m.RequestDetailPage })));
const BookPage = lazy(() => import("./pages/Book").then((m) => ({ default: m.BookPage })));
const FamilyPage = lazy(() => import("./pages/Family").then((m) => ({ default: m.FamilyPage })));
const NotificationsPage = lazy(() => import("./pages/Notifications").then((m) => ({ default: m.NotificationsPage })));
const AccountPage = lazy(() => import("./pages/Account").then((m) => ({ default: m.AccountPage })));
const ApprovalsPage = lazy(() => import("./pages/Approvals").then((m) => ({ default: m.ApprovalsPage })));
const PolicyPage = lazy(() => import("./pages/Policy").then((m) => ({ default: m.PolicyPage })));
const DelegationsPage = lazy(() => import("./pages/Delegations").then((m) => ({ default: m.DelegationsPage })));
const CheckInPage = lazy(() => import("./pages/CheckIn").then((m) => ({ default: m.CheckInPage })));
const QrSheetPage = lazy(() => import("./pages/QrSheet").then((m) => ({ default: m.QrSheetPage })));
// Where everyone works (issue 15).
const HrDashboardPage = lazy(() => import("./pages/HrDashboard").then((m) => ({ default: m.HrDashboardPage })));
const LedgerPage = lazy(() => import("./pages/Ledger").then((m) => ({ default: m.LedgerPage })));
const TeamPage = lazy(() => import("./pages/Team").then((m) => ({ default: m.TeamPage })));
// HR's and the administrator's screens (issue 18), and the help pages.
const VerifyPage = lazy(() => import("./pages/admin/Verify").then((m) => ({ default: m.VerifyPage })));
const LeavePage = lazy(() => import("./pages/admin/Leave").then((m) => ({ default: m.LeavePage })));
const StaffPage = lazy(() => import("./pages/admin/Staff").then((m) => ({ default: m.StaffPage })));
const AuditPage = lazy(() => import("./pages/admin/Audit").then((m) => ({ default: m.AuditPage })));
const OrganizationPage = lazy(() => import("./pages/admin/Organization").then((m) => ({ default: m.OrganizationPage })));
const DepartmentsPage = lazy(() => import("./pages/admin/Departments").then((m) => ({ default: m.DepartmentsPage })));
const OfficesPage = lazy(() => import("./pages/admin/Offices").then((m) => ({ default: m.OfficesPage })));
const OfficePage = lazy(() => import("./pages/admin/Offices").then((m) => ({ default: m.OfficePage })));
// Issue 22: the dated staff record and emergency periods.
const StaffRecordsPage = lazy(() => import("./pages/admin/Rules").then((m) => ({ default: m.StaffRecordsPage })));
const EmergenciesPage = lazy(() => import("./pages/admin/Rules").then((m) => ({ default: m.EmergenciesPage })));
const HelpPage = lazy(() => import("./pages/Help").then((m) => ({ default: m.HelpPage })));
const PolicyReferencePage = lazy(() => import("./pages/Help").then((m) => ({ default: m.PolicyReferencePage })));

export function App() {
  const { status } = useAuth();
  const { t } = useTranslation();
  if (status === "loading") {
    return (
      <Center h="100vh" role="status">
        <Loader aria-label={t("app.loading")} />
      </Center>
    );
  }
  if (status === "signedOut") {
    return (
      <Routes>
        <Route path="*" element={<LoginPage />} />
      </Routes>
    );
  }
  return <Shell />;
}

function Shell() {
  const { t } = useTranslation();
  const me = useMe();
  const { signOut } = useAuth();
  const [opened, { toggle, close }] = useDisclosure();
  const location = useLocation();
  const unread = useQuery({
    queryKey: ["unread"],
    queryFn: async () => unwrap(await api.GET("/api/v1/notifications/unread-count")).unread_count,
    refetchInterval: 60_000,
  });
  const approver = isApprover(me.roles, me.heads);
  const hr = me.roles.includes("hr");
  // The team view is for those with a line: supervisors and department heads.
  const lead = me.roles.includes("supervisor") || me.heads.length > 0;
  const nav = [
    { to: "/", label: t("nav.schedule"), icon: IconCalendarWeek },
    { to: "/requests/new", label: t("nav.request"), icon: IconHome },
    { to: "/requests", label: t("nav.requests"), icon: IconListDetails },
    { to: "/book", label: t("nav.book"), icon: IconArmchair },
    { to: "/family", label: t("nav.family"), icon: IconUsers },
    { to: "/notifications", label: t("nav.notifications"), icon: IconBell },
    ...(approver
      ? [
          { to: "/approvals", label: t("nav.approvals"), icon: IconChecklist },
          { to: "/delegations", label: t("nav.delegations"), icon: IconUserShare },
        ]
      : []),
    ...(hr ? [{ to: "/policy", label: t("nav.policy"), icon: IconFileText }] : []),
    ...(lead ? [{ to: "/team", label: t("att.nav.team"), icon: IconUsersGroup }] : []),
    { to: "/account", label: t("nav.account"), icon: IconUser },
  ];
  const admin = me.roles.includes("admin");
  // The menu groups by role: 人事 for HR, 管理 for administrators.
  const groups = [
    ...(hr
      ? [{ key: "hr", label: t("nav2.hr"), icon: IconId, items: [
          { to: "/hr/dashboard", label: t("att.nav.dashboard") }, { to: "/hr/ledger", label: t("att.nav.ledger") },
          { to: "/hr/family", label: t("nav2.verify") }, { to: "/hr/leave", label: t("nav2.leave") }, { to: "/staff", label: t("nav2.staff") },
          { to: "/audit", label: t("nav2.audit") }, { to: "/offices", label: t("nav2.occupancy") },
          { to: "/hr/staff-records", label: t("nav2.records") }, { to: "/hr/emergencies", label: t("nav2.emergencies") },
        ] }]
      : []),
    ...(admin
      ? [{ key: "admin", label: t("nav2.admin"), icon: IconSettings, items: [
          { to: "/admin/organization", label: t("nav2.organization") }, { to: "/admin/departments", label: t("nav2.departments") },
          { to: "/staff", label: t("nav2.staff") }, { to: "/offices", label: t("nav2.offices") }, { to: "/audit", label: t("nav2.audit") },
        ] }]
      : []),
  ];
  const count = unread.data ?? 0;
  const switchLanguage = useSwitchLanguage();
  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 240, breakpoint: "md", collapsed: { mobile: !opened } }} padding="md">
      <a className="skip-link" href="#main">
        {t("app.skip")}
      </a>
      <AppShell.Header>
        <Group h="100%" px="sm" justify="space-between" wrap="nowrap" gap="xs">
          <Group gap="xs" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="md" size="sm" aria-label={t("app.menu")} aria-expanded={opened} />
            <Anchor component={Link} to="/" underline="never" c="dark">
              <Text fw={700} size="lg">
                {t("app.name")}
              </Text>
            </Anchor>
            <Text size="sm" c="dimmed" visibleFrom="sm">
              {me.organization.name} · {me.family_name} {me.given_name}
            </Text>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <Indicator label={count} size={18} disabled={count === 0} color="red" offset={4}>
              <ActionIcon component={Link} to="/notifications" variant="subtle" size="lg" aria-label={t("header.unread", { count })}>
                <IconBell aria-hidden />
              </ActionIcon>
            </Indicator>
            <LanguageSwitch value={me.language} onChange={(v) => void switchLanguage(v)} visibleFrom="sm" />
            <Button variant="subtle" size="compact-sm" onClick={() => void signOut()} leftSection={<IconLogout size={16} aria-hidden />} visibleFrom="sm">
              {t("header.signOut")}
            </Button>
            <ActionIcon variant="subtle" size="lg" onClick={() => void signOut()} aria-label={t("header.signOut")} hiddenFrom="sm">
              <IconLogout size={18} aria-hidden />
            </ActionIcon>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label={t("nav.main")}>
        {nav.map((n) => (
          <NavLink
            key={n.to}
            component={Link}
            to={n.to}
            label={n.label}
            leftSection={<n.icon size={18} aria-hidden />}
            active={location.pathname === n.to}
            variant="filled"
            aria-current={location.pathname === n.to ? "page" : undefined}
            onClick={close}
            rightSection={n.to === "/notifications" && count > 0 ? <Text size="xs" fw={700}>{count}</Text> : undefined}
          />
        ))}
        {groups.map((g) => (
          <NavLink key={g.key} label={g.label} leftSection={<g.icon size={18} aria-hidden />} defaultOpened childrenOffset={28}>
            {g.items.map((n) => (
              <NavLink
                key={n.to}
                component={Link}
                to={n.to}
                label={n.label}
                active={location.pathname === n.to}
                variant="filled"
                aria-current={location.pathname === n.to ? "page" : undefined}
                onClick={close}
              />
            ))}
          </NavLink>
        ))}
        <Box hiddenFrom="sm" mt="md" px="xs">
          <LanguageSwitch value={me.language} onChange={(v) => void switchLanguage(v)} />
        </Box>
      </AppShell.Navbar>
      <AppShell.Main id="main">
        <Suspense fallback={<Loader aria-label={t("app.loading")} />}>
        <Routes>
          <Route path="/" element={<SchedulePage />} />
          <Route path="/requests/new" element={<RequestPage />} />
          <Route path="/requests/:id/edit" element={<RequestPage />} />
          <Route path="/requests" element={<RequestsPage />} />
          <Route path="/telework-requests/:id" element={<RequestDetailPage />} />
          <Route path="/book" element={<BookPage />} />
          <Route path="/family" element={<FamilyPage />} />
          <Route path="/notifications" element={<NotificationsPage />} />
          <Route path="/account" element={<AccountPage />} />
          <Route path="/approvals" element={approver ? <ApprovalsPage /> : <Navigate to="/" />} />
          <Route path="/delegations" element={approver ? <DelegationsPage /> : <Navigate to="/" />} />
          <Route path="/policy" element={hr ? <PolicyPage /> : <Navigate to="/" />} />
          <Route path="/check-in" element={<CheckInPage />} />
          <Route path="/check-in/:code" element={<CheckInPage />} />
          <Route path="/offices/:id/qr-sheet" element={<QrSheetPage />} />
          <Route path="/team" element={lead ? <TeamPage /> : <Navigate to="/" />} />
          <Route path="/hr/dashboard" element={hr ? <HrDashboardPage /> : <Navigate to="/" />} />
          <Route path="/hr/ledger" element={hr ? <LedgerPage /> : <Navigate to="/" />} />
          <Route path="/hr/family" element={hr ? <VerifyPage /> : <Navigate to="/" />} />
          <Route path="/hr/leave" element={hr ? <LeavePage /> : <Navigate to="/" />} />
          <Route path="/hr/staff-records" element={hr ? <StaffRecordsPage /> : <Navigate to="/" />} />
          <Route path="/hr/emergencies" element={hr ? <EmergenciesPage /> : <Navigate to="/" />} />
          <Route path="/staff" element={hr || admin ? <StaffPage /> : <Navigate to="/" />} />
          <Route path="/audit" element={hr || admin ? <AuditPage /> : <Navigate to="/" />} />
          <Route path="/offices" element={hr || admin ? <OfficesPage /> : <Navigate to="/" />} />
          <Route path="/offices/:id" element={hr || admin ? <OfficePage /> : <Navigate to="/" />} />
          <Route path="/admin/organization" element={admin ? <OrganizationPage /> : <Navigate to="/" />} />
          <Route path="/admin/departments" element={admin ? <DepartmentsPage /> : <Navigate to="/" />} />
          <Route path="/help/policy-reference" element={<PolicyReferencePage />} />
          <Route path="/help/:topic" element={<HelpPage />} />
          <Route path="/login" element={<Navigate to="/" />} />
          <Route
            path="*"
            element={
              <Stack>
                <Title order={1} size="h2">
                  {t("notFound.title")}
                </Title>
                <Anchor component={Link} to="/">
                  {t("notFound.back")}
                </Anchor>
              </Stack>
            }
          />
        </Routes>
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}

function LanguageSwitch({ value, onChange, visibleFrom }: { value: string; onChange(v: string): void; visibleFrom?: "sm" }) {
  const { t } = useTranslation();
  return (
    <SegmentedControl
      size="xs"
      aria-label={t("header.language")}
      value={value}
      onChange={onChange}
      visibleFrom={visibleFrom}
      data={[
        { value: "ja", label: "日本語" },
        { value: "en", label: "English" },
      ]}
    />
  );
}
