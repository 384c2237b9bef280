export function SidebarApp() {
  return <main aria-label="Hallway">Hallway</main>;
}
